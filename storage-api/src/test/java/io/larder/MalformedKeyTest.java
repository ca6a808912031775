package io.larder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Text that would lose characters on its way to a backend never becomes a key. */
class MalformedKeyTest {

    @Test
    void idsAndPartitionsWithAnUnpairedSurrogateAreRefused() {
        assertThatThrownBy(() -> Key.of("c\uD800")).isInstanceOf(MalformedKeyException.class)
                .hasMessage("id \"c\\uD800\" is not well-formed UTF-16: an unpaired surrogate \\uD800 at index 1;"
                        + " it has no UTF-8 form, so it could be stored as another key");
        assertThatThrownBy(() -> Key.of("c\uDC00")).isInstanceOf(MalformedKeyException.class)
                .satisfies(e -> assertThat(((MalformedKeyException) e).index()).isEqualTo(1));
        assertThatThrownBy(() -> Key.of("\uDC00\uD800", "m1")).isInstanceOf(MalformedKeyException.class)
                .satisfies(e -> assertThat(((MalformedKeyException) e).part()).isEqualTo("partition"));
        assertThatThrownBy(() -> Key.of("g", "a\uD800b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wellFormedTextIsKeptAsItIsWhateverItsPlane() {
        assertThat(Key.of("c?").id()).isEqualTo("c?");
        assertThat(Key.of("群\uD83D\uDE00", "😀消息").toString()).isEqualTo("群😀/😀消息");
    }

    @Test
    void queriesRefuseMalformedPartitionsAndValuesThatWouldBeIndexKeys() {
        assertThatThrownBy(() -> Query.in("group", "g\uD800")).isInstanceOf(MalformedKeyException.class)
                .hasMessageContaining("partition");
        assertThatThrownBy(() -> Query.in("group", "g").where("author", "x\uDFFF")).isInstanceOf(MalformedKeyException.class)
                .hasMessageContaining("value of field 'author'");
        assertThatThrownBy(() -> new Query.Term("a\uD800", "x")).isInstanceOf(MalformedKeyException.class)
                .hasMessageContaining("field name");
    }

    @Test
    void theMessageShowsOnlyEscapedControlsAndSurrogatesAndCutsLongText() {
        String longId = "x".repeat(100) + "\uD800";
        assertThatThrownBy(() -> Key.of("\n\uD800")).hasMessageContaining("\"\\u000A\\uD800\"");
        assertThatThrownBy(() -> Key.of(longId)).hasMessageContaining("x".repeat(64) + "...\"")
                .hasMessageContaining("at index 100");
    }
}
