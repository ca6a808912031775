package io.larder.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The event logs {@code larder import} reads: the files named, the files under each directory named
 * (oldest first, so a recall meets the message it recalls), or standard input ({@code -}); each read
 * through gzip when it starts as gzip does, and refused by name when it is not text a OneBot log can
 * be (UTF-16 or UTF-32 text, an archive, an executable, other binary data) or is UTF-8 text given
 * another encoding. Stateless.
 */
final class EventLogs {
    /** The name that stands for standard input. */
    static final String STDIN = "-";
    private static final int PEEK = 8192;
    /** How much of a log's start is looked at for UTF-8 text read in another encoding. */
    private static final int ENCODING_PEEK = 64 * 1024;
    private static final int TIME_PEEK = 64 * 1024;
    private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*(\\d{1,12})");

    private EventLogs() {
    }

    /** A log that is not one: why, in a few words a person understands. */
    static final class NotALogException extends Exception {
        private static final long serialVersionUID = 1L;

        NotALogException(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The logs {@code arguments} name, in import order: each file as given, each directory's files
     * (hidden ones left out, subdirectories included) ordered by the time of their first event, then
     * by name; {@code -} as itself.
     *
     * @throws UncheckedIOException with a {@link NoSuchFileException} for an argument that does not exist
     */
    static List<Path> expand(List<Path> arguments) {
        List<Path> out = new ArrayList<>();
        for (Path a : arguments) {
            if (a.toString().equals(STDIN)) {
                out.add(a);
            } else if (Files.isDirectory(a)) {
                out.addAll(directory(a));
            } else if (Files.isRegularFile(a)) {
                out.add(a);
            } else if (Files.exists(a)) {
                out.add(a);                         // a pipe or a device: read as it comes
            } else {
                throw new UncheckedIOException(new NoSuchFileException(a.toString()));
            }
        }
        return out;
    }

    /**
     * A log's text as read: its bytes, decompressed when it was gzip. The caller closes it (which
     * closes what it was opened on).
     */
    static final class Text extends FilterInputStream {
        private final @Nullable GzipText gzip;

        private Text(InputStream in, @Nullable GzipText gzip) {
            super(in);
            this.gzip = gzip;
        }

        /**
         * Why its compressed data ended before its end ("cut short after line 12"), {@code lines}
         * lines having been read; {@code null} when it was read whole or was not compressed.
         */
        @Nullable String damage(long lines) {
            return gzip == null ? null : gzip.damage(lines);
        }
    }

    /**
     * {@code raw} as event-log text: decompressed when it is gzip (up to where its compressed data
     * is damaged, if it is), refused when it cannot be one, or when {@code encoding} is not UTF-8 and its first bytes read as UTF-8 text beyond ASCII
     * (read in that encoding it would be stored garbled).
     */
    static Text open(InputStream raw, Charset encoding) throws IOException, NotALogException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        byte[] head = peek(in, PEEK);
        if (head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            GzipText gzip = GzipText.of(in);
            BufferedInputStream inner = new BufferedInputStream(gzip, 1 << 16);
            refuseNonText(peek(inner, PEEK), "a gzip file holding ");
            refuseUtf8(inner, encoding, "a gzip file holding ");
            return new Text(inner, gzip);
        }
        refuseNonText(head, "");
        refuseUtf8(in, encoding, "");
        return new Text(in, null);
    }

    /**
     * Refuses text read in another encoding than UTF-8 when it reads as UTF-8 with characters
     * beyond ASCII: a legacy encoding (GBK, Big5) turns them into other characters without a
     * single byte it would refuse. Text that is ASCII alone reads the same in either.
     */
    private static void refuseUtf8(BufferedInputStream in, Charset encoding, String holding) throws IOException, NotALogException {
        if (encoding.equals(StandardCharsets.UTF_8) || !utf8BeyondAscii(peek(in, ENCODING_PEEK))) {
            return;
        }
        throw new NotALogException(holding + "UTF-8 text, not " + encoding.name() + ": read as " + encoding.name()
                + " it would be stored garbled, so nothing of it was (import it without --encoding)");
    }

    private static List<Path> directory(Path dir) {
        record Dated(Path file, long firstTime) {
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !hidden(dir, p)).map(p -> new Dated(p, firstTime(p)))
                    .sorted(Comparator.comparingLong(Dated::firstTime).thenComparing(d -> d.file().toString()))
                    .map(Dated::file).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Whether a path below {@code dir} is, or lies in, a hidden file or directory. */
    private static boolean hidden(Path dir, Path p) {
        for (Path part : dir.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The {@code time} of the first event in the file's first 64 KB, or {@code Long.MAX_VALUE} when none is found. */
    private static long firstTime(Path file) {
        try (InputStream in = open(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            byte[] start = in.readNBytes(TIME_PEEK);
            Matcher m = TIME.matcher(new String(start, StandardCharsets.UTF_8));
            return m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
        } catch (IOException | NotALogException e) {
            return Long.MAX_VALUE;                  // refused by name when its turn comes
        }
    }

    /**
     * The first bytes of {@code in}, left to be read again: {@value #PEEK} bytes or up to the end,
     * then, up to {@code most}, what can be read without waiting (a pipe's later lines are not waited for).
     */
    private static byte[] peek(BufferedInputStream in, int most) throws IOException {
        in.mark(most);
        byte[] head = in.readNBytes(Math.min(PEEK, most));
        if (head.length == PEEK && most > PEEK) {
            byte[] more = new byte[most - PEEK];
            int n = 0;
            while (n < more.length && in.available() > 0) {
                int r = in.read(more, n, Math.min(in.available(), more.length - n));
                if (r < 0) {
                    break;
                }
                n += r;
            }
            byte[] all = Arrays.copyOf(head, PEEK + n);
            System.arraycopy(more, 0, all, PEEK, n);
            head = all;
        }
        in.reset();
        return head;
    }

    private static void refuseNonText(byte[] head, String holding) throws NotALogException {
        String kind = kind(head);
        if (kind != null) {
            throw new NotALogException(holding + kind);
        }
    }

    /**
     * What the first bytes show a file to be when it cannot be UTF-8 (or legacy multi-byte) text,
     * as a phrase ("a zip archive ..."); {@code null} when it may be.
     */
    private static @Nullable String kind(byte[] b) {
        if (starts(b, 0xFF, 0xFE, 0x00, 0x00) || starts(b, 0x00, 0x00, 0xFE, 0xFF)) {
            return "UTF-32 text (convert it to UTF-8 first: iconv -f UTF-32 -t UTF-8)";
        }
        if (starts(b, 0xFF, 0xFE) || starts(b, 0xFE, 0xFF)) {
            return "UTF-16 text (convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8)";
        }
        if (starts(b, 'P', 'K', 3, 4)) {
            return "a zip archive (a .zip, .jar or office file): unpack the logs first";
        }
        if (starts(b, 'B', 'Z', 'h') || starts(b, 0xFD, '7', 'z', 'X', 'Z') || starts(b, 0x28, 0xB5, 0x2F, 0xFD)
                || starts(b, '7', 'z', 0xBC, 0xAF)) {
            return "a compressed file other than gzip (bzip2, xz, zstd or 7z): only gzip is read, decompress it first";
        }
        if (starts(b, 0x7F, 'E', 'L', 'F') || starts(b, 'M', 'Z')) {
            return "a program, not an event log";
        }
        int nul = -1;
        int oddNuls = 0;
        int evenNuls = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                nul = nul < 0 ? i : nul;
                if (i % 2 == 0) {
                    evenNuls++;
                } else {
                    oddNuls++;
                }
            }
        }
        if (nul < 0) {
            return null;
        }
        int half = b.length / 2;
        if (b.length >= 4 && (oddNuls > half * 0.6 && evenNuls < half * 0.1 || evenNuls > half * 0.6 && oddNuls < half * 0.1)) {
            return "UTF-16 text without a byte order mark (convert it to UTF-8 first: iconv -f UTF-16LE -t UTF-8)";
        }
        return "a binary file (a NUL byte at byte " + (nul + 1) + "), not an event log";
    }

    /** Whether {@code head} holds a byte beyond ASCII and is valid UTF-8 (its last character may be cut off). */
    private static boolean utf8BeyondAscii(byte[] head) {
        boolean beyondAscii = false;
        for (byte b : head) {
            if (b < 0) {
                beyondAscii = true;
                break;
            }
        }
        if (!beyondAscii) {
            return false;
        }
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(head.length);
        CoderResult result = strict.decode(ByteBuffer.wrap(head), chars, false);   // not the end: a character cut off underflows
        return result.isUnderflow();
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != (prefix[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}
