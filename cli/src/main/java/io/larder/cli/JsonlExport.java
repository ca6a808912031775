package io.larder.cli;

import io.larder.chat.ChatArchive;
import io.larder.chat.ChatExporter;
import io.larder.chat.ChatQuery;
import io.larder.chat.ExportReport;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link ChatExporter} over several groups' queries into one JSONL file or writer, with
 * progress counted in lines. A file is an {@link OutputFile}: a failed or interrupted export never
 * leaves half a file, and a device or a pipe is written in place. Stateless.
 */
final class JsonlExport {
    private JsonlExport() {
    }

    /** Exports every query into {@code file}, replacing it when done. */
    static ExportReport toFile(ChatArchive archive, List<ChatQuery> queries, ChatExporter exporter, Path file,
                               PrintWriter err) {
        try (OutputFile out = OutputFile.open(file)) {
            Writer w = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
            ExportReport report = toWriter(archive, queries, exporter, w, err);
            out.commit();
            return report;
        }
    }

    /** Exports every query into {@code out}, which is flushed, not closed. */
    static ExportReport toWriter(ChatArchive archive, List<ChatQuery> queries, ChatExporter exporter, Writer out,
                                 PrintWriter err) {
        ExportReport total = new ExportReport(0, 0, Map.of());
        try (Progress progress = Progress.start(err, "exporting", "lines")) {
            Writer counted = new LineCounter(out, progress);
            for (ChatQuery q : queries) {
                total = total.plus(exporter.export(archive, q, counted));
            }
            counted.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    /** Passes characters on, counting line ends for the progress. */
    private static final class LineCounter extends FilterWriter {
        private final Progress progress;

        LineCounter(Writer out, Progress progress) {
            super(out);
            this.progress = progress;
        }

        @Override
        public void write(int c) throws IOException {
            out.write(c);
            count(c);
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            out.write(cbuf, off, len);
            for (int i = off; i < off + len; i++) {
                count(cbuf[i]);
            }
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            out.write(str, off, len);
            for (int i = off; i < off + len; i++) {
                count(str.charAt(i));
            }
        }

        private void count(int c) {
            if (c == '\n') {
                progress.advance(1);
            }
        }
    }
}
