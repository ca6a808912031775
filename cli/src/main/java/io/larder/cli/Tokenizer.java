package io.larder.cli;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.larder.chat.TokenEstimator;

/**
 * How a command counts the tokens of a prompt: the chat module's CJK-aware estimate, or the
 * exact count of one of OpenAI's tokenizers ({@code o200k_base}: GPT-4o and later;
 * {@code cl100k_base}: GPT-4, GPT-3.5), through jtokkit. A tokenizer's table is loaded the first
 * time it is asked for (a few hundred milliseconds). Thread-safe.
 */
enum Tokenizer {
    /** {@link TokenEstimator#cjkAware()}: an estimate, with no table to load. */
    CJK,
    /** OpenAI's {@code o200k_base}. */
    O200K,
    /** OpenAI's {@code cl100k_base}. */
    CL100K;

    /** The counter. */
    TokenEstimator estimator() {
        return switch (this) {
            case CJK -> TokenEstimator.cjkAware();
            case O200K -> new Exact(Tables.REGISTRY.getEncoding(EncodingType.O200K_BASE));
            case CL100K -> new Exact(Tables.REGISTRY.getEncoding(EncodingType.CL100K_BASE));
        };
    }

    /** The tables, loaded one at a time when first used. */
    private static final class Tables {
        static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    }

    /** A tokenizer's count; special tokens ({@code <|endoftext|>}) in chat text count as the text they are. */
    private record Exact(Encoding encoding) implements TokenEstimator {
        @Override
        public int estimate(CharSequence text) {
            return encoding.countTokensOrdinary(text.toString());
        }
    }
}
