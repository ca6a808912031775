package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisConfigTest {

    @Test
    void quotesOnlyArgumentsRedisWouldSplitOrUnescape() {
        String text = new RedisConfig()
                .add("save", "")
                .add("dir", "/tmp/with space")
                .add("requirepass", "a\"b\\c")
                .add("port", 6379)
                .render();

        assertThat(text).isEqualTo("save \"\"\ndir \"/tmp/with space\"\nrequirepass \"a\\\"b\\\\c\"\nport 6379\n");
    }
}
