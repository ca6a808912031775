package io.larder.chat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An event the archive cannot read: not JSON, or an event it keeps (a group message, a recall)
 * with a field missing or of the wrong kind. Nothing of it was stored; sending it again is refused
 * again, so a server answers it with a client error, never a retry.
 */
public class EventRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final Pattern FIELD = Pattern.compile("field '([^']+)'");

    /** The field at fault, when one is; nullable. */
    private final @Nullable String field;

    /**
     * A refusal.
     *
     * @param field the field at fault; nullable: {@code null} when the event as a whole is (malformed JSON)
     * @param reason what was wrong, for a person
     */
    public EventRefusedException(@Nullable String field, String reason) {
        super(reason);
        this.field = field;
    }

    /** The refusal of {@code reason}, naming the field the reason quotes ({@code missing field 'group_id'}). */
    static EventRefusedException of(@Nullable String reason) {
        Matcher m = FIELD.matcher(reason == null ? "" : reason);
        return new EventRefusedException(m.find() ? m.group(1) : null, reason == null ? "malformed event" : reason);
    }

    /** The field at fault ({@code group_id}, {@code message}); nullable: {@code null} when the whole event is. */
    public @Nullable String field() {
        return field;
    }

    /** What was wrong, for a person. */
    public String reason() {
        return String.valueOf(getMessage()); // the constructor's reason, never null
    }
}
