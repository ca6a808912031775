package io.larder.benchmarks;

import io.larder.spi.RecordCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Codecs alone, no storage: nanoseconds to encode and to decode one chat message (cycling over
 * {@value #MESSAGES} different ones) through {@link RecordCodec}. Bytes per message are printed
 * by {@link BenchmarkRun}, not measured here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
public class CodecBench {
    private static final int MESSAGES = 64;

    /** Which encoding: a {@link CodecChoice#id()}. */
    @Param({"json", "json-lz4", "msgpack", "msgpack-lz4"})
    public String encoding;

    private RecordCodec<ChatMessage> codec;
    private final ChatMessage[] messages = new ChatMessage[MESSAGES];
    private final byte[][] stored = new byte[MESSAGES][];
    private int next;

    /** Opens the codec and encodes the messages once for the decode benchmark. */
    @Setup(Level.Trial)
    public void open() {
        codec = CodecChoice.of(encoding).open();
        for (int i = 0; i < MESSAGES; i++) {
            messages[i] = ChatCorpus.message(ChatCorpus.group(i % 8), i);
            stored[i] = codec.encode(messages[i]);
            if (!messages[i].equals(codec.decode(stored[i]))) {
                throw new IllegalStateException(encoding + " does not give back what it was given");
            }
        }
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (MESSAGES - 1);
        return i;
    }

    /** One message to its stored bytes. */
    @Benchmark
    public byte[] encode() {
        return codec.encode(messages[nextIndex()]);
    }

    /** Stored bytes back to one message. */
    @Benchmark
    public ChatMessage decode() {
        return codec.decode(stored[nextIndex()]);
    }
}
