package io.larder.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenEstimatorTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "你好世界|4",
        "今天，我们吃火锅。|9",
        "こんにちは|5",
        "안녕하세요|5",
        "hello world|2",
        "internationalization|5",
        "a b c d|4",
        "ok!|2",
        "😂|2",
        "👍👍👍|6",
        "GG 哈哈|3",
        "Привет|3",
        "''|0",
    })
    void countsEachScriptAsTokenizersDo(String text, int tokens) {
        assertThat(TokenEstimator.cjkAware().estimate(text)).isEqualTo(tokens);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"中文一句话里有十个字的|English words of similar meaning here"})
    void cjkTextCostsMoreTokensPerCharacterThanLatin(String cjk, String latin) {
        TokenEstimator e = TokenEstimator.cjkAware();
        assertThat((double) e.estimate(cjk) / cjk.length()).isGreaterThan((double) e.estimate(latin) / latin.length());
    }
}
