package io.larder.chat;

/** See {@link TokenEstimator#cjkAware()}. Stateless, thread-safe. */
final class CjkTokenEstimator implements TokenEstimator {
    static final CjkTokenEstimator INSTANCE = new CjkTokenEstimator();

    private CjkTokenEstimator() {
    }

    @Override
    public int estimate(CharSequence text) {
        double tokens = 0;
        int word = 0; // length of the current run of ASCII letters and digits
        int i = 0;
        while (i < text.length()) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (cp < 128 && Character.isLetterOrDigit(cp)) {
                word++;
                continue;
            }
            tokens += wordTokens(word);
            word = 0;
            tokens += weight(cp);
        }
        return (int) Math.ceil(tokens + wordTokens(word));
    }

    /** A common short word is one token; longer ones split about every four letters. */
    private static double wordTokens(int letters) {
        return letters == 0 ? 0 : 1 + Math.ceil(Math.max(0, letters - 6) / 4.0);
    }

    private static double weight(int cp) {
        if (cp == ' ' || cp == '\t') {
            return 0;
        }
        if (cp == '\n' || cp == '\r' || cp < 128) {
            return 1; // punctuation and line breaks
        }
        if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F)) {
            return 0.5; // zero-width joiner, variation selectors inside emoji sequences
        }
        if (isCjk(cp)) {
            return 1;
        }
        if (cp >= 0x1F000 || Character.getType(cp) == Character.OTHER_SYMBOL) {
            return 2; // emoji and pictographs
        }
        if (Character.isWhitespace(cp)) {
            return 0;
        }
        return 0.5; // letters of other scripts (accented Latin, Cyrillic, Greek...) and other marks
    }

    private static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || script == Character.UnicodeScript.BOPOMOFO) {
            return true;
        }
        // CJK punctuation (，。「」), full-width and half-width forms
        return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
    }
}
