package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TlsIT {

    @RegisterExtension
    static final RedisExtension<RedisStandalone> redis = RedisExtension.tls();

    @Test
    void answersOverAnSslSocketTrustingTheGeneratedTrustStore() throws Exception {
        TlsMaterial tls = redis.get().tls().orElseThrow();
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.trustStore())) {
            trustStore.load(in, tls.trustStorePassword().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);

        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(redis.get().host(), redis.get().port())) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = socket.getInputStream().readNBytes(7);

            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void respClientVerifiesTheCertificateIncludingItsHostName() {
        SSLContext context = redis.get().tls().orElseThrow().sslContext();
        try (RespClient client = RespClient.connectTls(redis.get().address(), context)) {
            assertThat(client.call("SET", "larder:tls", "1")).isEqualTo("OK");
        }
    }

    @Test
    void refusesPlainText() {
        assertThatThrownBy(() -> {
            try (RespClient client = RespClient.connect(redis.get().address())) {
                client.call("PING");
            }
        }).isInstanceOf(TestkitException.class);
    }

    @Test
    void writesPemFilesForRedis() throws Exception {
        TlsMaterial tls = redis.get().tls().orElseThrow();

        assertThat(Files.readString(tls.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(tls.certificate())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(tls.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }
}
