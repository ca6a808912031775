package io.larder.cli;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * The text of a gzip file that may be damaged: when the compressed data is cut short or corrupt,
 * the text read before the damage is handed out and the stream then ends, remembering why, so that
 * the lines read are imported and the file is reported damaged after them. Not thread-safe.
 */
final class GzipText extends FilterInputStream {
    private @Nullable IOException damage;
    private boolean atLineStart = true;

    private GzipText(GZIPInputStream in) {
        super(in);
    }

    /**
     * The decompressed text of {@code compressed}.
     *
     * @throws EventLogs.NotALogException when even its gzip header cannot be read
     */
    static GzipText of(InputStream compressed) throws IOException, EventLogs.NotALogException {
        try {
            return new GzipText(new GZIPInputStream(compressed, 1 << 16));
        } catch (EOFException e) {
            throw new EventLogs.NotALogException("a gzip file cut short before its first line");
        } catch (ZipException e) {
            throw new EventLogs.NotALogException("a damaged gzip file (" + e.getMessage() + ")");
        }
    }

    /**
     * Why the compressed data ended before its end, in words ("cut short after line 12"), counting
     * {@code lines} lines read; {@code null} when it was read whole.
     */
    @Nullable String damage(long lines) {
        if (damage == null) {
            return null;
        }
        String where = atLineStart ? "after line " + HumanFormat.count(lines) : "in line " + HumanFormat.count(lines);
        return damage instanceof EOFException ? "cut short " + where
                : "damaged " + where + " (" + (damage.getMessage() == null ? "unreadable" : damage.getMessage()) + ")";
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (damage != null) {
            return -1;
        }
        try {
            int n = in.read(b, off, len);
            if (n > 0) {
                atLineStart = b[off + n - 1] == '\n';
            }
            return n;
        } catch (EOFException | ZipException e) {
            damage = e;                             // what came before is kept: the stream ends here
            return -1;
        }
    }
}
