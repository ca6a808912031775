package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatMessageTest {

    @Test
    void aRecordWrittenBeforeComponentsExistedReadsWithDefaults() {
        ChatMessage old = new ChatMessage("1", "g", "u", null, null, null, null, null, 5, null, null, null, null, 0, null,
                null, null, null, null);
        assertThat(old.senderName()).isEmpty();
        assertThat(old.senderRole()).isEqualTo(SenderRole.MEMBER);
        assertThat(old.msgType()).isEqualTo(MessageType.TEXT);
        assertThat(old.content()).isEmpty();
        assertThat(old.attachments()).isEmpty();
        assertThat(old.mentions()).isEmpty();
        assertThat(old.mentionNames()).isEmpty();
        assertThat(old.deleted()).isFalse();
        assertThat(old.displayName()).isEqualTo("u");
    }

    @Test
    void groupAndSenderAreRequiredAndDeletionIsAuditedAsAPair() {
        assertThatThrownBy(() -> ChatMessage.builder("", "u")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatMessage("1", "g", "u", "", null, null, "", List.of(), 1, null, List.of(), 5L, null, 1, null,
                null, null, null, null))
                .hasMessageContaining("set together");
        ChatMessage m = ChatMessage.builder("g", "u").id("1").timestamp(1).build();
        ChatMessage gone = m.asDeleted(9, "admin");
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.deletedAt()).isEqualTo(9L);
        assertThat(gone.withId("2").deletedBy()).isEqualTo("admin");
    }

    @Test
    void theBuilderTakesEachSettingOnceAndNeedsATime() {
        assertThatThrownBy(() -> ChatMessage.builder("g", "u").content("a").content("b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ChatMessage.builder("g", "u").build()).hasMessageContaining("timestamp");
        assertThat(ChatMessage.builder("g", "u").timestamp(1).build().schemaVersion()).isEqualTo(ChatMessage.SCHEMA_VERSION);
    }

    @Test
    void aQueryChecksItsArguments() {
        assertThatThrownBy(() -> ChatQuery.group("g").betweenMillis(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChatQuery.group("g").limit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChatRetention.keepNewest(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChatRetention.expireAfter(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
