package io.larder;

/**
 * Text that becomes part of a key (an id, a partition, an indexed field or its value) is not
 * well-formed UTF-16: it holds an unpaired surrogate. Such text has no UTF-8 form, so a backend
 * would store a replacement character in its place and {@code "c\uD800"}, {@code "c\uDC00"} and
 * {@code "c?"} would all name one record. Refused before any adapter sees it; nothing was written.
 */
public class MalformedKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 64;
    private final String part;
    private final int index;

    /** {@code part} (what the text was: "id", "partition"...) holds an unpaired surrogate at {@code index}. */
    public MalformedKeyException(String part, String text, int index) {
        super(part + " \"" + escaped(text) + "\" is not well-formed UTF-16: an unpaired surrogate "
                + String.format("\\u%04X", (int) text.charAt(index)) + " at index " + index
                + "; it has no UTF-8 form, so it could be stored as another key");
        this.part = part;
        this.index = index;
    }

    /** What the refused text was: {@code id}, {@code partition}, or an indexed field's name or value. */
    public String part() {
        return part;
    }

    /** The index of the first unpaired surrogate in the refused text. */
    public int index() {
        return index;
    }

    /** Returns {@code text} when it is well-formed UTF-16; refuses it otherwise. */
    static String requireWellFormed(String text, String part) {
        int at = unpairedSurrogate(text);
        if (at >= 0) {
            throw new MalformedKeyException(part, text, at);
        }
        return text;
    }

    /** The index of the first unpaired surrogate in {@code text}, or -1 when it is well-formed. */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    // the text goes into messages and logs: surrogates and controls are shown escaped, long text cut
    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < SHOWN; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < Math.min(text.length(), SHOWN)
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > SHOWN ? out + "..." : out.toString();
    }
}
