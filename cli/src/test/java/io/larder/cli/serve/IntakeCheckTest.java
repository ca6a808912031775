package io.larder.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Larder;
import io.larder.chat.ChatArchive;
import io.larder.memory.MemoryBackend;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link Intake} lets through to the archive: a JSON object, checked by the tokenizer alone;
 * anything else refused with where it breaks or what it is, counted, and never handed over.
 */
class IntakeCheckTest {
    private static final String MESSAGE = "{\"time\":1793491200,\"self_id\":10001,\"post_type\":\"message\","
            + "\"message_type\":\"group\",\"sub_type\":\"normal\",\"message_id\":7,\"group_id\":42,\"user_id\":1001,"
            + "\"message\":[{\"type\":\"text\",\"data\":{\"text\":\"你好\"}}],\"raw_message\":\"你好\",\"font\":0,"
            + "\"sender\":{\"user_id\":1001,\"nickname\":\"小明\",\"card\":\"\",\"role\":\"member\"}}";

    private Larder larder;
    private EventSink sink;
    private final Counters counters = new Counters();
    private Intake intake;

    @BeforeEach
    void open() {
        larder = Larder.builder().backend(MemoryBackend.create()).sweepEvery(Duration.ZERO).build();
        sink = EventSink.over(ChatArchive.open(larder), 10, Duration.ofMillis(5), 100);
        intake = new Intake(sink, counters);
    }

    @AfterEach
    void close() {
        sink.close();
        larder.close();
    }

    @Test
    void anEventObjectIsHandedOverAndStored() throws Exception {
        EventSink.Outcome outcome = intake.take(MESSAGE).get(30, TimeUnit.SECONDS);

        assertThat(outcome.kind()).isEqualTo(EventSink.Outcome.Kind.STORED);
        assertThat(counters.snapshot()).containsEntry("stored", 1L).containsEntry("malformed", 0L);
    }

    @Test
    void anObjectBrokenAfterItsFirstTokenIsRefusedWithWhereItBreaks() {
        String cut = MESSAGE.substring(0, MESSAGE.indexOf("\"message\":"));
        String badValue = MESSAGE.replace("\"font\":0", "\"font\":tru");
        String rawControl = MESSAGE.replace("你好\"}}]", "你\u0001好\"}}]");
        String missingColon = MESSAGE.replace("\"user_id\":1001,\"nickname\"", "\"user_id\" 1001,\"nickname\"");

        String wrongClose = MESSAGE.replace("你好\"}}]", "你好\"}]]");
        for (String broken : new String[] {cut, badValue, rawControl, missingColon, wrongClose}) {
            assertThatThrownBy(() -> intake.take(broken)).as(broken).isInstanceOf(Intake.MalformedException.class)
                    .hasMessageStartingWith("malformed JSON at line 1, column ")
                    .hasMessageNotContaining("Source:").hasMessageNotContaining("StreamReadFeature");
        }
        assertThatThrownBy(() -> intake.take(wrongClose)).hasMessageContaining("starting at [line: 1, column: ");
        assertThat(counters.snapshot()).containsEntry("malformed", 6L);
        assertThat(sink.pending()).isZero();
        assertThat(counters.snapshot()).containsEntry("stored", 0L);
    }

    @Test
    void anythingButAnObjectIsRefusedNamingWhatItIs() {
        assertThatThrownBy(() -> intake.take("[1,2]")).hasMessageEndingWith("got array");
        assertThatThrownBy(() -> intake.take("\"post_type\"")).hasMessageEndingWith("got string");
        assertThatThrownBy(() -> intake.take("42")).hasMessageEndingWith("got number");
        assertThatThrownBy(() -> intake.take("[1,")).hasMessageStartingWith("malformed JSON at line 1, column ");
        assertThat(counters.snapshot()).containsEntry("malformed", 4L);
    }
}
