package io.larder.operations.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Ids that carry the partition they live in, so a record is found by its id alone in one read:
 * the partition percent-encoded (every character but {@code A-Z a-z 0-9 _ -}, as UTF-8 bytes), a
 * dot, then the rest. The text is safe in a URL and a cookie, and the first dot always ends the
 * partition. Random parts are 128 bits from {@link SecureRandom}, as 22 characters of unpadded
 * base64url. Stateless and thread-safe.
 */
public final class CarriedIds {
    /** Characters in a random part. */
    public static final int RANDOM_LENGTH = 22;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CarriedIds() {
    }

    /** 128 random bits as {@value #RANDOM_LENGTH} characters of base64url. */
    public static String random() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return BASE64URL.encodeToString(bits);
    }

    /** Whether {@code text} could be a random part: {@value #RANDOM_LENGTH} characters of base64url. */
    public static boolean isRandom(String text) {
        if (text.length() != RANDOM_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!plain(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code partition}, percent-encoded, then a dot, then {@code rest}. */
    public static String join(String partition, String rest) {
        StringBuilder out = new StringBuilder(partition.length() + rest.length() + 8);
        for (byte b : partition.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && plain(c)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.append('.').append(rest).toString();
    }

    /** The partition an id carries, or {@code null} when {@code id} is not one of these ids. */
    public static @Nullable String partition(String id) {
        int dot = id.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        if (id.lastIndexOf('%', dot) < 0) {
            // nothing encoded (the usual user id): the text is the partition, if every character may stand plain
            for (int i = 0; i < dot; i++) {
                char c = id.charAt(i);
                if (c >= 0x80 || !plain(c)) {
                    return null;
                }
            }
            return id.substring(0, dot);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(dot);
        for (int i = 0; i < dot; i++) {
            char c = id.charAt(i);
            if (c == '%' && i + 2 < dot) {
                int high = Character.digit(id.charAt(i + 1), 16);
                int low = Character.digit(id.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80 && plain(c)) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        try {
            // bytes that are not UTF-8 were never made by join
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** What follows the partition's dot; call only after {@link #partition} accepted the id. */
    public static String rest(String id) {
        return id.substring(id.indexOf('.') + 1);
    }

    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }
}
