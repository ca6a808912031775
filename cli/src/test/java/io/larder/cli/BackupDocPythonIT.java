package io.larder.cli;

import static io.larder.cli.Events.EIGHT_AM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python reader of docs/backup-format.md reads what {@code larder backup} writes, and refuses it changed. */
class BackupDocPythonIT {
    @TempDir
    Path data;

    @Test
    void theDocumentedReaderReadsABackupAndRefusesAChangedOne() throws Exception {
        assumeTrue(runs("python3", "-c", "import gzip, hashlib, json"), "no python3 on the PATH");
        Cli cli = new Cli(data);
        Path events = Cli.write(data.resolve("events.jsonl"), List.of(
                Events.message(101, 111, 7, "阿白", EIGHT_AM, "早上好 😂"),
                Events.message(102, 111, 8, "小明", EIGHT_AM + 60, "吃了吗"),
                Events.recall(102, 111, 8, EIGHT_AM + 65),
                Events.message(201, 222, 9, "路人", EIGHT_AM, "另一个群")));
        assertThat(cli.run("import", events.toString()).code()).isZero();
        Path backup = data.resolve("b.jsonl.gz");
        assertThat(cli.run("backup", "-o", backup.toString()).code()).isZero();
        Path script = Files.writeString(data.resolve("read.py"), reader() + """

                import sys
                counts, contents = {}, []
                for store, record in read_backup(sys.argv[1]):
                    counts[store["name"]] = counts.get(store["name"], 0) + 1
                    if store["name"] == "chat":
                        contents.append(record["content"])
                print(json.dumps({"counts": counts, "contents": sorted(contents)}, ensure_ascii=False))
                """, StandardCharsets.UTF_8);

        Path out = data.resolve("out.json");
        assertThat(run(script, backup, out)).as(Files.readString(out)).isZero();
        JsonNode read = new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
        assertThat(read.get("counts").toString()).isEqualTo("{\"chat\":3,\"chat.counts\":2,\"chat.senders\":3}");
        assertThat(read.get("contents").toString()).isEqualTo("[\"另一个群\",\"吃了吗\",\"早上好 😂\"]");

        Path changed = data.resolve("changed.jsonl.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(backup));
             OutputStream o = new GZIPOutputStream(Files.newOutputStream(changed))) {
            o.write(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("吃了吗", "吃了没").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(run(script, changed, out)).isNotZero();
        assertThat(Files.readString(out)).contains("does not match its checksum");
    }

    /** The reader's code block, as the page shows it. */
    private static String reader() throws IOException {
        Path page = Path.of("").toAbsolutePath();
        while (!Files.exists(page.resolve("docs/backup-format.md"))) {
            page = page.getParent();
        }
        String doc = Files.readString(page.resolve("docs/backup-format.md"), StandardCharsets.UTF_8);
        int start = doc.indexOf("```python\n") + "```python\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    private static int run(Path script, Path backup, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", script.toString(), backup.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return p.exitValue();
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
