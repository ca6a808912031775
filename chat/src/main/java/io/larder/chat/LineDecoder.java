package io.larder.chat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.HexFormat;

/**
 * Decodes one line's bytes strictly: a byte sequence the charset does not define is an error
 * naming the bytes and where they stand, never a replacement character in stored text. Not
 * thread-safe: one per import.
 */
final class LineDecoder {
    private final Charset charset;
    private final CharsetDecoder decoder;
    private CharBuffer chars = CharBuffer.allocate(1024);

    /** A line that is not text in the decoder's charset. */
    static final class UndecodableException extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodableException(String message) {
            super(message, null, false, false);
        }
    }

    LineDecoder(Charset charset) {
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    String decode(byte[] line) throws UndecodableException {
        int most = (int) Math.ceil(line.length * (double) decoder.maxCharsPerByte()) + 1;
        if (chars.capacity() < most) {
            chars = CharBuffer.allocate(most);
        }
        chars.clear();
        ByteBuffer in = ByteBuffer.wrap(line);
        decoder.reset();
        CoderResult result = decoder.decode(in, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            int at = Math.min(in.position(), line.length - 1);
            int to = Math.min(line.length, at + Math.max(1, result.length()));
            throw new UndecodableException("not valid " + charset.name() + ": byte" + (to - at == 1 ? " 0x" : "s 0x")
                    + HexFormat.of().withUpperCase().formatHex(line, at, to) + " at byte " + (at + 1) + " of the line");
        }
        return chars.flip().toString();
    }
}
