package io.larder.testkit;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random passwords for test servers whose caller did not choose one. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String password() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "pw-" + HexFormat.of().formatHex(bytes);
    }
}
