package io.larder.cli;

import io.larder.chat.ChatArchive;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Pattern;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a time given on the command line: a day ({@code 2026-11-01}: its start), a local time
 * ({@code 2026-11-01 08:30}, {@code 2026-11-01T08:30:15}) in a zone, or an instant with an offset
 * ({@code 2026-11-01T00:30:00Z}, {@code ...+08:00}). Stateless.
 */
final class TimeArgument {
    /** The zone of times written without an offset unless {@code --zone} says otherwise: the one the archive counts days in. */
    static final ZoneId ZONE = ChatArchive.DEFAULT_ZONE;
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern LOCAL = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

    private TimeArgument() {
    }

    /**
     * The instant {@code value} names, reading a time without an offset in {@code zone}.
     *
     * @throws TypeConversionException naming the forms understood
     */
    static Instant parse(String value, ZoneId zone) {
        String text = value.strip();
        try {
            if (DAY.matcher(text).matches()) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            if (LOCAL.matcher(text).matches()) {
                String iso = text.replace(' ', 'T');
                return LocalDateTime.parse(iso.length() == 16 ? iso + ":00" : iso).atZone(zone).toInstant();
            }
            return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
        } catch (DateTimeException e) {
            throw new TypeConversionException("expected a day or a time such as 2026-11-01, '2026-11-01 08:30' ("
                    + zone + ") or 2026-11-01T00:30:00Z, got '" + value + "'");
        }
    }
}
