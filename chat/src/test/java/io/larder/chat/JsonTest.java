package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsObjectsAndArraysKeepingKeyOrder() {
        Object v = Json.parse(" {\"b\": [1, -2, 3.5, true, false, null], \"a\": {\"x\": \"y\"}, \"c\": []} ");
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("b", "a", "c");
        assertThat(m.get("b")).isEqualTo(Arrays.asList(1L, -2L, 3.5, true, false, null));
        assertThat(m.get("a")).isEqualTo(Map.of("x", "y"));
        assertThat((List<?>) m.get("c")).isEmpty();
    }

    @Test
    void readsNumbersAsLongsBigIntegersAndDoubles() {
        assertThat(Json.parse("-2147483648")).isEqualTo(-2147483648L);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("-0.5e-3")).isEqualTo(-0.0005);
        assertThat(Json.parse("1E2")).isEqualTo(100.0);
    }

    @Test
    void readsEveryEscapeAndSurrogatePairs() {
        assertThat(Json.parse("\"q\\\"b\\\\s\\/n\\nr\\rt\\tb\\bf\\f\"")).isEqualTo("q\"b\\s/n\nr\rt\tb\bf\f");
        assertThat(Json.parse("\"\\u4f60\\u597D\"")).isEqualTo("你好");
        assertThat(Json.parse("\"\\ud83d\\ude02 and 😂\"")).isEqualTo("😂 and 😂");
        assertThat(Json.parse("\"[CQ:at,qq=1]\"")).isEqualTo("[CQ:at,qq=1]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1,}|expected a string key",
        "[1,2,]|expected a value",
        "01|leading zero",
        "{\"a\":1,\"a\":2}|duplicate key \"a\"",
        "{\"a\":1} x|unexpected text after the document",
        "'a'|unexpected character",
        "\"\\ud800\"|unpaired surrogate",
        "\"\\udc00x\"|unpaired surrogate",
        "\"\\x\"|invalid escape",
        "\"abc|unterminated string",
        "tru|invalid literal",
        "{\"a\" 1}|expected ':'",
        "-|expected a digit",
        "1.|expected a digit after '.'",
        "1e|expected a digit in the exponent",
        "[1 2]|expected ',' or ']'",
        "|unexpected end of input",
        "1e999|number out of range",
    })
    void refusesWhatALenientParserWouldGuessAt(String text, String reason) {
        assertThatThrownBy(() -> Json.parse(text == null ? "" : text)).isInstanceOf(Json.JsonException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void refusesControlCharactersInStrings() {
        assertThatThrownBy(() -> Json.parse("\"a\u0001b\"")).hasMessageContaining("control character U+0001");
        assertThatThrownBy(() -> Json.parse("\"a\nb\"")).hasMessageContaining("control character U+000A");
    }

    @Test
    void namesTheOffsetOfAnError() {
        Json.JsonException e = (Json.JsonException) Assertions.catchThrowable(
                () -> Json.parse("{\"a\": [1, 2, }"));
        assertThat(e.offset()).isEqualTo(13);
        assertThat(e.getMessage()).endsWith("at offset 13");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        char[] open = new char[Json.MAX_DEPTH + 1];
        Arrays.fill(open, '[');
        assertThatThrownBy(() -> Json.parse(new String(open))).hasMessageContaining("nesting deeper than");
        char[] ok = new char[Json.MAX_DEPTH * 2];
        Arrays.fill(ok, 0, Json.MAX_DEPTH, '[');
        Arrays.fill(ok, Json.MAX_DEPTH, ok.length, ']');
        assertThat(Json.parse(new String(ok))).isInstanceOf(List.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "1", "null"})
    void parseObjectRefusesOtherValues(String text) {
        assertThatThrownBy(() -> Json.parseObject(text)).hasMessageContaining("expected a JSON object");
    }

    @Test
    void theWriterEscapesWhatJsonNeedsAndReadsBackTheSame() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("text", "引号\" 反斜杠\\ 换行\n 制表\t \u0001 \u2028 😂");
        doc.put("n", -12L);
        doc.put("d", 1.5);
        doc.put("list", List.of(true, "x"));
        doc.put("none", null);
        StringBuilder out = new StringBuilder();
        new JsonWriter(out).value(doc);
        assertThat(out.toString()).contains("\\u0001", "\\u2028", "\\n", "\\t", "\\\"", "😂").doesNotContain("\n");
        assertThat(Json.parse(out)).isEqualTo(doc);
    }

    @Test
    void theWriterEscapesLoneSurrogatesSoItsOutputStaysUtf8() {
        assertThat(JsonWriter.quoted("a\ud800b")).isEqualTo("\"a\\ud800b\"");
    }

    @Test
    void theWriterRefusesToEndALineInsideAContainer() {
        JsonWriter w = new JsonWriter(new StringBuilder()).beginObject();
        assertThatThrownBy(w::newline).isInstanceOf(IllegalStateException.class);
    }
}
