package io.larder.config;

import io.larder.Expiry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@code expiry} section. A store's section takes what it leaves out from
 * {@code larder.defaults.expiry}, key by key; a conflict is reported only between settings
 * given in the same section. Stateless.
 */
final class ExpiryReader {

    /** The policies as the file names them. */
    enum Policy {
        /** Kept until deleted. */
        NONE,
        /** A fixed duration after each write. */
        ABSOLUTE,
        /** A duration after the last read or write. */
        SLIDING,
        /** At the instant a field of the record gives. */
        FIELD
    }

    /**
     * The parts of an expiry section, as given or inherited.
     *
     * @param policy the policy
     * @param duration the duration, or {@code null} if none was given
     * @param field the field naming the instant
     */
    record Parts(Policy policy, @Nullable Duration duration, String field) {
        /** No expiry; the field policy reads {@code expires_at} unless told otherwise. */
        static final Parts STANDARD = new Parts(Policy.NONE, null, "expires_at");

        /** The expiry; an incomplete one (already reported) stands in as none. */
        Expiry expiry() {
            return switch (policy) {
                case NONE -> Expiry.none();
                case ABSOLUTE -> duration == null ? Expiry.none() : Expiry.absolute(duration);
                case SLIDING -> duration == null ? Expiry.none() : Expiry.sliding(duration);
                case FIELD -> Expiry.atField(field);
            };
        }
    }

    private ExpiryReader() {
    }

    static Parts read(Section s, Parts inherited) {
        Policy given = s.choice("policy", Policy.class);
        Duration duration = s.duration("duration", false);
        String field = s.word("field", "a field name");
        if (given == null && s.has("policy")) {
            return inherited;                        // a wrong policy is reported; conflicts would only repeat it
        }
        Policy policy = given == null ? inherited.policy() : given;
        String name = Section.spelling(policy);
        boolean timed = policy == Policy.ABSOLUTE || policy == Policy.SLIDING;
        if (timed && duration == null && !s.has("duration") && inherited.duration() == null) {
            s.problem("duration", s.nodeOrAnchor("policy"),
                    "required when the expiry policy is " + name + " (e.g. duration: 1h)");
        }
        if (!timed && s.has("duration")) {
            s.problem("duration", "has no effect with expiry policy " + name + "; remove it or use absolute or sliding");
        }
        if (policy != Policy.FIELD && s.has("field")) {
            s.problem("field", "has no effect with expiry policy " + name + "; remove it or use policy field");
        }
        return new Parts(policy, duration != null ? duration : inherited.duration(),
                field != null ? field : inherited.field());
    }
}
