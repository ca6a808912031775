package io.larder.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates for TLS tests, made at test time with the JDK alone: a throw-away CA and a
 * server certificate for {@code 127.0.0.1} and {@code localhost} signed by it, as PEM files
 * for {@code redis-server} and as a PKCS12 trust store for Java clients. One set is shared by
 * every TLS server; it is kept for the calendar month in {@code ~/.cache/larder/tls}, since
 * making it costs a few seconds of {@code keytool} per test JVM. Immutable and thread-safe.
 */
public final class TlsMaterial {

    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);
    private static volatile @Nullable TlsMaterial shared;

    private final Path caCertificate;
    private final Path certificate;
    private final Path privateKey;
    private final Path trustStore;
    private final String trustStorePassword;
    private final SSLContext sslContext;

    private TlsMaterial(Path dir, String trustStorePassword) {
        this.caCertificate = dir.resolve("ca.crt");
        this.certificate = dir.resolve("server.crt");
        this.privateKey = dir.resolve("server.key");
        this.trustStore = dir.resolve("truststore.p12");
        this.trustStorePassword = trustStorePassword;
        this.sslContext = loadSslContext(trustStore, trustStorePassword);
    }

    /** The set for this JVM, made or found on first use. */
    static TlsMaterial forThisJvm() {
        TlsMaterial material = shared;
        if (material == null) {
            synchronized (TlsMaterial.class) {
                material = shared;
                if (material == null) {
                    long started = System.nanoTime();
                    Path dir = CertificateAuthority.issueOrReuse();
                    material = new TlsMaterial(dir, CertificateAuthority.PASSWORD);
                    LOG.info("test certificates ready in {} ms in {}", (System.nanoTime() - started) / 1_000_000, dir);
                    shared = material;
                }
            }
        }
        return material;
    }

    /** The CA certificate, PEM ({@code tls-ca-cert-file}); clients that read PEM trust this. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** The server certificate, PEM ({@code tls-cert-file}). */
    public Path certificate() {
        return certificate;
    }

    /** The server's private key, unencrypted PKCS#8 PEM ({@code tls-key-file}). */
    public Path privateKey() {
        return privateKey;
    }

    /** A PKCS12 trust store holding the CA certificate, for Java clients. */
    public Path trustStore() {
        return trustStore;
    }

    /** The trust store's password. */
    public String trustStorePassword() {
        return trustStorePassword;
    }

    /** An {@link SSLContext} trusting only the test CA. */
    public SSLContext sslContext() {
        return sslContext;
    }

    @Override
    public String toString() {
        return "TlsMaterial[trustStore=" + trustStore + "]";
    }

    private static SSLContext loadSslContext(Path trustStore, String password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new TestkitException("cannot load trust store " + trustStore + ": " + e, e);
        }
    }

    /** Writes a trust store holding one trusted certificate. */
    static void writeTrustStore(Path file, Certificate ca, String password) {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("larder-test-ca", ca);
            store.store(out, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new TestkitException("cannot write trust store " + file + ": " + e, e);
        }
    }
}
