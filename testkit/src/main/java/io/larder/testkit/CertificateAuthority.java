package io.larder.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issues the test CA and server certificate with the JDK's {@code keytool}, since the JDK has
 * no public API to build certificates, then converts them to the PEM files Redis reads with
 * the {@link KeyStore} API.
 */
final class CertificateAuthority {

    /** Protects throw-away keys of loopback test servers only. */
    static final String PASSWORD = "larder-test";
    private static final String VALIDITY_DAYS = "62";

    private CertificateAuthority() {
    }

    /**
     * The certificates of this calendar month, issued by the first JVM that needs them. They are
     * valid for {@value #VALIDITY_DAYS} days from the day before issue, so they outlast the month.
     */
    static Path issueOrReuse() {
        Path cache = WorkDirs.cache("tls");
        Path current = cache.resolve("tls-v1-" + YearMonth.now(ZoneOffset.UTC));
        if (Files.isDirectory(current)) {
            return current;
        }
        try {
            Path fresh = Files.createTempDirectory(cache, "issuing-");
            issue(fresh);
            try {
                // Atomic, so another JVM sees all files or none; if one got there first, use its set.
                Files.move(fresh, current, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raceLost) {
                if (!Files.isDirectory(current)) {
                    throw raceLost;
                }
                deleteTree(fresh);
            }
            return current;
        } catch (IOException e) {
            throw new TestkitException("cannot store test certificates in " + cache + ": " + e, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    static void issue(Path dir) {
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        // The two key pairs are independent: make them at once, each keytool is a JVM start.
        CompletableFuture<Void> caKey = CompletableFuture.runAsync(() -> keytool(dir, "-genkeypair",
                "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Larder Test CA",
                "-ext", "BasicConstraints:critical=ca:true", "-ext", "KeyUsage:critical=keyCertSign,cRLSign",
                "-startdate", "-1d", "-validity", VALIDITY_DAYS, "-storetype", "PKCS12", "-keystore", ca.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", VALIDITY_DAYS, "-storetype", "PKCS12",
                "-keystore", server.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Path request = dir.resolve("server.csr");
        keytool(dir, "-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", PASSWORD,
                "-file", request.toString());
        try {
            caKey.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof TestkitException cause ? cause : e;
        }
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", dir.resolve("server.crt").toString(), "-rfc",
                "-startdate", "-1d", "-validity", VALIDITY_DAYS,
                "-ext", "SubjectAlternativeName=ip:127.0.0.1,dns:localhost",
                "-ext", "KeyUsage:critical=digitalSignature,keyEncipherment",
                "-ext", "ExtendedKeyUsage=serverAuth,clientAuth");
        try {
            Certificate caCertificate = load(ca).getCertificate("ca");
            writePem(dir.resolve("ca.crt"), "CERTIFICATE", caCertificate.getEncoded());
            Key key = load(server).getKey("server", PASSWORD.toCharArray());
            // PKCS#8 ("BEGIN PRIVATE KEY") is what Key.getEncoded() gives and OpenSSL reads as is.
            writePem(dir.resolve("server.key"), "PRIVATE KEY", key.getEncoded());
            TlsMaterial.writeTrustStore(dir.resolve("truststore.p12"), caCertificate, PASSWORD);
        } catch (IOException | GeneralSecurityException e) {
            throw new TestkitException("cannot convert the test certificates in " + dir + " to PEM: " + e, e);
        }
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        }
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
    }

    private static void keytool(Path dir, String... args) {
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        // keytool runs for well under a second: the quick JIT tier and serial GC start fastest.
        command.add("-J-XX:TieredStopAtLevel=1");
        command.add("-J-XX:+UseSerialGC");
        command.addAll(List.of(args));
        command.add("-noprompt");
        Path log = dir.resolve("keytool-" + args[0].substring(1) + "-" + args[2] + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new TestkitException("keytool " + args[0] + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new TestkitException("keytool " + args[0] + " failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new TestkitException("cannot run " + keytool + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted while running keytool", e);
        }
    }
}
