package io.larder.spring;

/**
 * A session attribute as the text a Larder session keeps: a one-letter type, a colon, the value.
 * Only types whose text form is exact are kept; Java serialization is never used. Stateless.
 */
final class AttributeText {

    private AttributeText() {
    }

    /**
     * The text of {@code value}.
     *
     * @throws IllegalArgumentException naming the attribute and the type when the type is not kept
     */
    static String encode(String name, Object value) {
        if (value instanceof String s) {
            return "s:" + s;
        }
        if (value instanceof Boolean b) {
            return "b:" + b;
        }
        if (value instanceof Integer i) {
            return "i:" + i;
        }
        if (value instanceof Long l) {
            return "l:" + l;
        }
        if (value instanceof Double d) {
            return "d:" + d;
        }
        throw new IllegalArgumentException("session attribute '" + name + "' holds a " + value.getClass().getName()
                + "; Larder sessions keep String, Boolean, Integer, Long and Double values (store an id and load the rest)");
    }

    /**
     * The value {@code text} holds.
     *
     * @throws IllegalStateException naming the attribute when the text was not written by {@link #encode}
     */
    static Object decode(String name, String text) {
        if (text.length() >= 2 && text.charAt(1) == ':') {
            String v = text.substring(2);
            try {
                Object value = switch (text.charAt(0)) {
                    case 's' -> v;
                    case 'b' -> v.equals("true") || v.equals("false") ? Boolean.valueOf(v) : null;
                    case 'i' -> Integer.valueOf(v);
                    case 'l' -> Long.valueOf(v);
                    case 'd' -> Double.valueOf(v);
                    default -> null;
                };
                if (value != null) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below, with the attribute's name
            }
        }
        throw new IllegalStateException("session attribute '" + name + "' holds text no Spring session wrote");
    }
}
