package io.larder.chat;

/**
 * Estimates how many tokens a language model's tokenizer makes of a text, to keep a prompt
 * within a budget without the model's tokenizer at hand. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TokenEstimator {

    /** The estimated token count of {@code text}, never negative. */
    int estimate(CharSequence text);

    /**
     * An estimate that counts scripts apart, as BPE tokenizers of current models do: about one
     * token per CJK character (Han, kana, Hangul, full-width forms), one per Latin word of up to
     * six letters or digits and one more per four beyond, one per punctuation mark or line break, one
     * per two letters of other scripts, and two per emoji (half for joiners and variation selectors).
     * Spaces are free: they ride on the next word.
     */
    static TokenEstimator cjkAware() {
        return CjkTokenEstimator.INSTANCE;
    }
}
