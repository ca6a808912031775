package io.larder.limiter;

import java.util.Objects;

/** The checks a subject passes before it reaches a backend. Stateless. */
final class Subjects {
    /** The longest subject, in UTF-8 bytes: an identifier, not a document. */
    static final int MAX_BYTES = 1024;

    private Subjects() {
    }

    /** Returns {@code subject} when it is non-empty, well-formed UTF-16 and short enough; refuses it otherwise. */
    static String check(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("a subject must not be empty");
        }
        int bytes = 0;
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < subject.length()
                    && Character.isLowSurrogate(subject.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a subject must be well-formed UTF-16: an unpaired surrogate "
                        + String.format("\\u%04X", (int) c) + " at index " + i + " has no UTF-8 form, so it could"
                        + " count on another subject's counters");
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("a subject is at most " + MAX_BYTES + " bytes of UTF-8, got " + bytes);
        }
        return subject;
    }
}
