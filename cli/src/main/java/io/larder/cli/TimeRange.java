package io.larder.cli;

import io.larder.chat.ChatQuery;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --from}, {@code --to} and {@code --zone}, shared by the commands that read a range of
 * messages: the range is read, and the times the command shows are written, in the zone. A
 * picocli mixin; filled once per run.
 */
final class TimeRange {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--from", paramLabel = "TIME",
            description = "from this time, included (2026-11-01, '2026-11-01 08:30', 2026-11-01T00:30:00Z)")
    private @Nullable String from;

    @Option(names = "--to", paramLabel = "TIME", description = "to this time, excluded")
    private @Nullable String to;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "Asia/Shanghai", converter = ZoneArgument.class,
            description = "zone of the times given without an offset and of the times shown (default: ${DEFAULT-VALUE})")
    @SuppressWarnings("NullAway.Init") // picocli sets its defaultValue before call()
    private ZoneId zone;

    /** Reads a zone name ({@code Asia/Shanghai}, {@code UTC}, {@code +08:00}). Stateless. */
    static final class ZoneArgument implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new TypeConversionException("expected a zone such as Asia/Shanghai, UTC or +08:00, got '" + value + "'");
            }
        }
    }

    /** The zone. */
    ZoneId zone() {
        return zone;
    }

    /** Whether {@code --from} or {@code --to} was given. */
    boolean isSet() {
        return from != null || to != null;
    }

    /** {@code query} narrowed to the range, if one was given. */
    ChatQuery narrow(ChatQuery query) {
        Instant start = time("--from", from);
        Instant end = time("--to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw new ParameterException(mixee.commandLine(), "--from " + start + " is after --to " + end);
        }
        ChatQuery q = start == null ? query : query.since(start);
        return end == null ? q : q.until(end);
    }

    private @Nullable Instant time(String option, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return TimeArgument.parse(value, zone);
        } catch (TypeConversionException e) {
            throw new ParameterException(mixee.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
        }
    }
}
