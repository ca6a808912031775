package io.larder.redis.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.Key;
import io.larder.Query;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {
    private final KeyLayout chat = new KeyLayout("larder:", "chat", true);
    private final KeyLayout config = new KeyLayout("larder:", "config", false);

    @Test
    void keysCarryThePartitionAsTheirHashTag() {
        assertThat(chat.valueKey(Key.of("123456", "m1"))).isEqualTo("larder:chat:{123456}:r:m1");
        assertThat(chat.timeline("123456")).isEqualTo("larder:chat:{123456}:t");
        assertThat(chat.termIndex("123456", new Query.Term("sender_id", "42"))).isEqualTo("larder:chat:{123456}:i:sender_id:42");
        assertThat(chat.layoutKey()).isEqualTo("larder:chat:layout");
    }

    @Test
    void unpartitionedStoresUseTheirNameAsTheTag() {
        assertThat(config.valueKey(Key.of("a"))).isEqualTo("larder:config:{config}:r:a");
        assertThat(config.parse("larder:config:{config}:r:a").partition()).isNull();
    }

    @Test
    void bracesAndPercentInAPartitionAreEscapedSoTheTagIsThePartition() {
        String key = chat.valueKey(Key.of("a{b}c%7B:d", "x}{y"));
        assertThat(key).isEqualTo("larder:chat:{a%7Bb%7Dc%257B:d}:r:x}{y");
        KeyLayout.Parsed p = chat.parse(key);
        assertThat(p.partition()).isEqualTo("a{b}c%7B:d");
        assertThat(p.kind()).isEqualTo('r');
        assertThat(p.rest()).isEqualTo("x}{y");
    }

    @Test
    void parseTellsValuesFromIndexesAndRefusesOtherKeys() {
        assertThat(chat.parse("larder:chat:{g}:t").kind()).isEqualTo('t');
        assertThat(chat.parse("larder:chat:{g}:i:author:bob").rest()).isEqualTo("author:bob");
        assertThat(chat.parse("larder:chat:{g}:r:id:with:colons").rest()).isEqualTo("id:with:colons");
        assertThat(chat.parse("larder:chat:{g}:r:x}:t").kind()).isEqualTo('r');
        assertThat(chat.parse("larder:chat:layout")).isNull();
        assertThat(chat.parse("larder:chatter:{g}:t")).isNull();
        assertThat(chat.parse("larder:chat:{g}:tx")).isNull();
        assertThat(chat.parse("larder:chat:{g}")).isNull();
    }

    @Test
    void scanPatternsEscapeGlobCharactersOfThePrefix() {
        assertThat(new KeyLayout("app*[1]:", "s", true).valuePattern()).isEqualTo("app\\*\\[1\\]:s:{*}:r:*");
        assertThat(chat.indexPattern()).isEqualTo("larder:chat:{*}:[ti]*");
    }
}
