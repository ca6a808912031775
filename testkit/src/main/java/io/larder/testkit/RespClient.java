package io.larder.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A minimal RESP2 client for setting up and inspecting test servers: one blocking connection,
 * one command at a time. It exists so the testkit needs no Redis driver; adapters are tested
 * with their own drivers. Not thread-safe: use one client per thread.
 *
 * <p>{@link #call} returns a simple string as {@code String}, an integer as {@code Long}, a bulk
 * string as {@code byte[]}, an array as {@code List<Object>} and a null reply as {@code null};
 * an error reply is thrown as {@link RespException}.
 */
public final class RespClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String name;

    private RespClient(Socket socket, String name) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.name = name;
    }

    /** Opens a plain connection. */
    public static RespClient connect(String host, int port) {
        return open(new HostAndPort(host, port), null);
    }

    /** Opens a plain connection. */
    public static RespClient connect(HostAndPort address) {
        return open(address, null);
    }

    /**
     * Opens a TLS connection and verifies the server certificate, host name included, against
     * the trust material of {@code context} (e.g. {@link TlsMaterial#sslContext()}).
     */
    public static RespClient connectTls(HostAndPort address, SSLContext context) {
        return open(address, context);
    }

    static RespClient open(HostAndPort address, @Nullable SSLContext tls) {
        return open(address, tls, READ_TIMEOUT);
    }

    static RespClient open(HostAndPort address, @Nullable SSLContext tls, Duration readTimeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address.host(), address.port()), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                        .createSocket(socket, address.host(), address.port(), true);
                SSLParameters parameters = ssl.getSSLParameters();
                // Check the host name too, as a careful client would, so a certificate without
                // the loopback address in its SAN fails here rather than in an adapter's test.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
                socket = ssl;
            }
            return new RespClient(socket, address.toString());
        } catch (IOException e) {
            closeQuietly(socket);
            throw new TestkitException("cannot connect to " + address + ": " + e, e);
        }
    }

    /** Sends {@code AUTH password} (the {@code default} user). */
    public RespClient auth(String password) {
        call("AUTH", password);
        return this;
    }

    /** Sends {@code AUTH user password} (an ACL user, Redis 6+). */
    public RespClient auth(String user, String password) {
        call("AUTH", user, password);
        return this;
    }

    /**
     * Sends one command and reads its reply. Arguments may be {@code String} (sent as UTF-8),
     * {@code byte[]} or numbers.
     *
     * @return the reply, typed as described on the class; nullable
     * @throws RespException if Redis answers with an error
     */
    public @Nullable Object call(Object... args) {
        try {
            write(args);
            out.flush();
            Object reply = read();
            if (reply instanceof RespException error) {
                throw new RespException(Objects.requireNonNull(error.getMessage(), "an error reply always has text"));
            }
            return reply;
        } catch (IOException e) {
            throw new TestkitException("I/O error talking to " + name + " (" + args[0] + "): " + e, e);
        }
    }

    /** Sends one command whose reply is a simple or bulk string. Nullable for a null reply. */
    public @Nullable String callString(Object... args) {
        return text(call(args));
    }

    /** Sends one command whose reply is an integer. */
    public long callLong(Object... args) {
        Object reply = call(args);
        if (reply instanceof Long number) {
            return number;
        }
        throw new TestkitException(args[0] + " on " + name + " answered " + describe(reply) + ", not an integer");
    }

    /** Sends one command whose reply is a flat array of strings (nulls kept as null). */
    public List<String> callStrings(Object... args) {
        Object reply = call(args);
        if (!(reply instanceof List<?> items)) {
            throw new TestkitException(args[0] + " on " + name + " answered " + describe(reply) + ", not an array");
        }
        List<String> strings = new ArrayList<>(items.size());
        for (Object item : items) {
            strings.add(text(item));
        }
        return strings;
    }

    /** Closes the connection; never throws. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    @Override
    public String toString() {
        return "RespClient[" + name + "]";
    }

    /** A reply as text: simple and bulk strings decoded as UTF-8, integers in decimal. */
    static @Nullable String text(@Nullable Object reply) {
        if (reply == null) {
            return null;
        }
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof String || reply instanceof Long) {
            return reply.toString();
        }
        throw new TestkitException("expected a string reply, got " + describe(reply));
    }

    /** A reply that is text by the protocol ({@code INFO}, {@code CLUSTER NODES}): a null one is a failure naming the command. */
    static String textOf(@Nullable Object reply, String command) {
        String text = text(reply);
        if (text == null) {
            throw new TestkitException(command + " answered a null reply, not text");
        }
        return text;
    }

    private static String describe(@Nullable Object reply) {
        return reply instanceof List<?> list ? "an array of " + list.size() : String.valueOf(text(reply));
    }

    private void write(Object[] args) throws IOException {
        out.write('*');
        writeNumber(args.length);
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            out.write('$');
            writeNumber(bytes.length);
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
    }

    private void writeNumber(long n) throws IOException {
        out.write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    private @Nullable Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by server");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                // Returned, not thrown, so an error nested in an array (EXEC) does not lose the rest.
                return new RespException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("truncated bulk string");
                }
                return bytes;
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte '" + (char) type + "'");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by server");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("malformed RESP line");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to do: the connection is gone either way.
        }
    }
}
