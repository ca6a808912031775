package io.larder;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Generates ids that sort by creation time: 26 characters of Crockford base32, 48 bits of
 * epoch milliseconds then 80 random bits (the ULID layout), strictly increasing within one
 * generator even inside one millisecond. Thread-safe.
 */
final class TimeOrderedIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long randomHigh; // 16 bits
    private long randomLow;  // 64 bits

    TimeOrderedIds(Clock clock) {
        this.clock = clock;
    }

    synchronized String next() {
        long now = Math.max(clock.millis(), 0);
        if (now > lastMillis) {
            lastMillis = now;
            randomHigh = random.nextInt(1 << 16);
            randomLow = random.nextLong();
        } else if (++randomLow == 0 && ++randomHigh == 1 << 16) {
            // 80 bits overflowed inside one millisecond: borrow the next millisecond
            lastMillis++;
            randomHigh = 0;
        }
        char[] out = new char[26];
        long time = lastMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits = 16 characters: high 16 bits then low 64 bits, 5 bits at a time from the end
        long low = randomLow;
        long high = randomHigh;
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | ((high & 31) << 59);
            high >>>= 5;
        }
        return new String(out);
    }
}
