package io.larder.chat;

import io.larder.ConfigurationException;
import io.larder.Expiry;
import io.larder.Layout;
import io.larder.Retention;
import io.larder.StoreSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The store declarations an archive needs, and the checks that a declaration made elsewhere
 * (a YAML file) fits the archive. Field names are written in {@code snake_case}, as a YAML
 * file would, and matched to {@link ChatMessage}'s components by the port.
 */
final class ArchiveSpecs {
    static final String GROUP = "group_id";
    static final String TIME = "timestamp";
    static final String SENDER = "sender_id";
    static final String TYPE = "msg_type";
    static final String COUNTS_SUFFIX = ".counts";
    static final String RECALLS_SUFFIX = ".recalls";
    static final String SENDERS_SUFFIX = ".senders";

    private ArchiveSpecs() {
    }

    static StoreSpec<ChatMessage> messages(String name, ChatRetention mode) {
        StoreSpec.Builder<ChatMessage> b = StoreSpec.builder(name, ChatMessage.class)
                .id("id").partitionBy(GROUP).time(TIME).index(SENDER, TYPE);
        if (mode instanceof ChatRetention.KeepNewest k) {
            b.expiry(Expiry.none()).retention(Retention.keepNewest(k.count()));
        } else if (mode instanceof ChatRetention.NewestWithin w) {
            b.expiry(Expiry.none()).retention(Retention.keepNewest(w.count()).withMaxAge(w.maxAge()));
        } else if (mode instanceof ChatRetention.ExpireAfter e) {
            b.expiry(Expiry.absolute(e.duration()));
        } else {
            // long-term history is append-mostly and never expires: packed chunks take a fraction of the memory
            b.expiry(Expiry.none()).layout(Layout.ARCHIVE);
        }
        return b.build();
    }

    static StoreSpec<Tally> counts(String archiveName) {
        return StoreSpec.builder(archiveName + COUNTS_SUFFIX, Tally.class)
                .id("period").partitionBy(GROUP).time("start").index("span").expiry(Expiry.none()).build();
    }

    /**
     * Recalls of messages not archived yet, kept until the message arrives or {@code age} after
     * they were last written, whichever is first: one per (group, message).
     */
    static StoreSpec<Recalls.Recall> recalls(String archiveName, Duration age) {
        return StoreSpec.builder(archiveName + RECALLS_SUFFIX, Recalls.Recall.class)
                .id("message_id").partitionBy(GROUP).time("at_millis").expiry(Expiry.absolute(age)).build();
    }

    /** The senders' groups: partitioned by sender, one row per group, timed by the sender's last message there. */
    static StoreSpec<SenderGroup> senders(String archiveName) {
        return StoreSpec.builder(archiveName + SENDERS_SUFFIX, SenderGroup.class)
                .id(GROUP).partitionBy(SENDER).time("last").expiry(Expiry.none()).build();
    }

    /** The declaration of one month's store: the template's settings under the month's name. */
    static StoreSpec<ChatMessage> month(StoreSpec<ChatMessage> template, String label) {
        return renamed(template, template.name() + ".m" + label.replace("-", ""));
    }

    static <T> StoreSpec<T> renamed(StoreSpec<T> s, String name) {
        StoreSpec.Builder<T> b = StoreSpec.builder(name, s.type()).id(s.idField()).retention(s.retention()).layout(s.layout());
        s.partitionField().ifPresent(b::partitionBy);
        s.timeField().ifPresent(b::time);
        b.index(s.indexes().toArray(String[]::new));
        s.expiry().ifPresent(b::expiry);
        s.encoding().ifPresent(b::encoding);
        s.maxValueSize().ifPresent(b::maxValueSize);
        return b.build();
    }

    /** The retention a declared store carries out; refuses expiries the archive does not offer. */
    static ChatRetention modeOf(StoreSpec<?> spec) {
        Expiry expiry = spec.expiry().orElse(Expiry.none());
        if (spec.retention().isCapped() && spec.retention().isAged()) {
            return ChatRetention.newestWithin(spec.retention().keepNewest(), spec.retention().maxAge());
        }
        if (spec.retention().isAged()) {
            throw new ConfigurationException("store '" + spec.name() + "': retention max-age without keep-newest is not"
                    + " a chat retention (use expiry absolute, or add keep-newest)");
        }
        if (spec.retention().isCapped()) {
            return ChatRetention.keepNewest(spec.retention().keepNewest());
        }
        if (expiry instanceof Expiry.Absolute a) {
            return ChatRetention.expireAfter(a.duration());
        }
        if (expiry instanceof Expiry.None) {
            return ChatRetention.forever();
        }
        throw new ConfigurationException("store '" + spec.name() + "': expiry " + expiry
                + " is not a chat retention (use none, absolute, or a keep-newest retention)");
    }

    /** Refuses, with every problem at once, a declared store the archive cannot use as {@code mode}. */
    static void check(StoreSpec<?> declared, ChatRetention mode) {
        String where = "store '" + declared.name() + "' (chat archive): ";
        List<String> problems = new ArrayList<>();
        expect(problems, where, "id", declared.idField(), "id");
        expect(problems, where, "partition-by", declared.partitionField().orElse("(none)"), GROUP);
        expect(problems, where, "time", declared.timeField().orElse("(none)"), TIME);
        for (String wanted : List.of(SENDER, TYPE)) {
            if (declared.indexes().stream().noneMatch(i -> StoreSpec.javaName(i).equals(StoreSpec.javaName(wanted)))) {
                problems.add(where + "indexes must include " + wanted + " (found " + declared.indexes() + ")");
            }
        }
        StoreSpec<ChatMessage> wanted = messages(declared.name(), mode);
        Expiry expiry = declared.expiry().orElse(Expiry.none());
        if (!expiry.equals(wanted.expiry().orElseThrow())) {
            problems.add(where + "expiry is " + expiry + ", retention " + mode + " needs " + wanted.expiry().orElseThrow());
        }
        if (!declared.retention().equals(wanted.retention())) {
            problems.add(where + "retention keeps " + declared.retention() + ", " + mode + " needs " + wanted.retention());
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /** The declared name of the index on the component {@code field} ({@code sender_id} finds {@code senderId}). */
    static String indexOf(StoreSpec<?> spec, String field) {
        return spec.indexes().stream().filter(i -> StoreSpec.javaName(i).equals(StoreSpec.javaName(field))).findFirst()
                .orElseThrow(() -> new ConfigurationException("store '" + spec.name() + "' has no index on " + field));
    }

    private static void expect(List<String> problems, String where, String setting, String found, String wanted) {
        if (!StoreSpec.javaName(found).equals(StoreSpec.javaName(wanted))) {
            problems.add(where + setting + " must be " + wanted + ", found " + found);
        }
    }
}
