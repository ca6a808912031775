package io.larder;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The version of a stored record, for optimistic concurrency: an opaque token that changes
 * whenever the stored value changes. It is the SHA-1 of the stored bytes, so it costs no extra
 * storage and any backend can check it atomically (Redis: {@code redis.sha1hex}).
 * {@link #ABSENT} expects that no record exists.
 */
public final class Version {
    /** The version of a record that does not exist: a save expecting it only creates. */
    public static final Version ABSENT = new Version("absent");
    private static final HexFormat HEX = HexFormat.of();

    private final String token;

    private Version(String token) {
        this.token = token;
    }

    /** The version of a stored value. */
    public static Version of(byte[] storedBytes) {
        try {
            return new Version(HEX.formatHex(MessageDigest.getInstance("SHA-1").digest(storedBytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-1", e);
        }
    }

    /** A version read back from its {@link #token()}, as a caller that kept it as text would. */
    public static Version parse(String token) {
        Objects.requireNonNull(token, "token");
        if (token.equals(ABSENT.token)) {
            return ABSENT;
        }
        if (token.length() != 40 || !token.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a version token: '" + token + "'");
        }
        return new Version(token.toLowerCase(Locale.ROOT));
    }

    /** The token: 40 hex digits, or {@code absent}. */
    public String token() {
        return token;
    }

    /** Whether this expects no record to exist. */
    public boolean isAbsent() {
        return this == ABSENT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version other && token.equals(other.token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }

    @Override
    public String toString() {
        return token;
    }
}
