package io.larder.chat;

import static io.larder.chat.BuilderGuard.once;
import static io.larder.chat.BuilderGuard.positive;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Renders a group's chat as a transcript for a prompt, within a token budget: messages are taken
 * newest first until the next would not fit, then shown oldest first, one {@link LineFormat}
 * line each, counted by a {@link TokenEstimator}. A message longer than a line may be (a quarter
 * of the budget but at least 50 tokens, or all of a smaller budget, unless
 * {@link Builder#maxLineTokens} says otherwise) is shown cut to it, so one long paste neither
 * fills the prompt nor stops older messages that fit from being shown. Soft-deleted messages are never shown. Immutable and thread-safe.
 *
 * <pre>{@code
 * Transcript t = PromptRenderer.builder().build().latest(archive, "123456", 2000);
 * }</pre>
 */
public final class PromptRenderer {
    private final TokenEstimator estimator;
    private final LineFormat format;
    private final @Nullable Pseudonymizer pseudonymizer;
    private final @Nullable Integer maxLineTokens;

    private PromptRenderer(Builder b) {
        ZoneId zone = b.zone == null ? ChatArchive.DEFAULT_ZONE : b.zone;
        this.estimator = b.estimator == null ? TokenEstimator.cjkAware() : b.estimator;
        this.format = b.format == null ? LineFormat.standard(zone) : b.format;
        this.pseudonymizer = b.pseudonymizer;
        this.maxLineTokens = b.maxLineTokens;
    }

    /** A builder: zone Asia/Shanghai, the CJK-aware estimator, the standard line format. */
    public static Builder builder() {
        return new Builder();
    }

    /** The latest messages of a group that fit {@code tokenBudget}. */
    public Transcript latest(ChatArchive archive, String groupId, int tokenBudget) {
        return render(archive, ChatQuery.group(groupId).limit(200), tokenBudget);
    }

    /** The latest messages {@code query} names (its range, sender, type) that fit {@code tokenBudget}; its order is ignored. */
    public Transcript render(ChatArchive archive, ChatQuery query, int tokenBudget) {
        String group = query.groupId();
        try (Stream<ChatMessage> newest = archive.stream(query.newestFirst())) {
            return render(newest.iterator(), id -> archive.findIncludingDeleted(group, id), tokenBudget);
        }
    }

    /** Renders messages given newest first; {@code replies} finds the message a reply answers. */
    Transcript render(Iterator<ChatMessage> newestFirst, Function<String, Optional<ChatMessage>> replies, int tokenBudget) {
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("the token budget must be positive: " + tokenBudget);
        }
        Map<String, Optional<ChatMessage>> answered = new HashMap<>();
        int cap = Math.min(tokenBudget, maxLineTokens != null ? maxLineTokens : Math.max(tokenBudget / 4, 50));
        List<String> lines = new ArrayList<>();
        int used = 0;
        long from = 0;
        long to = 0;
        boolean truncated = false;
        while (newestFirst.hasNext()) {
            ChatMessage m = newestFirst.next();
            if (m.deleted()) {
                continue;
            }
            ChatMessage target = m.replyTo() == null ? null
                    : answered.computeIfAbsent(m.replyTo(), replies).filter(t -> !t.deleted()).orElse(null);
            String line = format.format(shown(m), target == null ? null : shown(target));
            if (estimator.estimate(line) > cap) {
                line = cut(line, cap);
                truncated = true;
            }
            int cost = estimator.estimate(line) + (lines.isEmpty() ? 0 : 1); // the line break before the older lines
            if (used + cost > tokenBudget) {
                truncated = true;
                if (lines.isEmpty()) {
                    lines.add(cut(line, tokenBudget));
                    from = m.timestamp();
                    to = m.timestamp();
                }
                break;
            }
            used += cost;
            lines.add(line);
            from = m.timestamp();
            if (lines.size() == 1) {
                to = m.timestamp();
            }
        }
        Collections.reverse(lines);
        String text = String.join("\n", lines);
        return new Transcript(lines, estimator.estimate(text), truncated,
                lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(from),
                lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(to));
    }

    private ChatMessage shown(ChatMessage m) {
        return pseudonymizer == null ? m : pseudonymizer.apply(m);
    }

    /** The longest prefix of {@code line} that, with an ellipsis, fits the budget. */
    private String cut(String line, int budget) {
        int low = 0;
        int high = line.codePointCount(0, line.length());
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (estimator.estimate(prefix(line, mid) + "…") <= budget) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return prefix(line, low) + "…";
    }

    private static String prefix(String s, int codePoints) {
        return s.substring(0, s.offsetByCodePoints(0, codePoints));
    }

    /** Builds a {@link PromptRenderer}; each setting once. Not thread-safe. */
    public static final class Builder {
        private @Nullable ZoneId zone;
        private @Nullable TokenEstimator estimator;
        private @Nullable LineFormat format;
        private @Nullable Pseudonymizer pseudonymizer;
        private @Nullable Integer maxLineTokens;

        private Builder() {
        }

        /** The zone of the standard line format's times (ignored with a custom format). */
        public Builder zone(ZoneId value) {
            zone = once(zone, value, "zone");
            return this;
        }

        /** The token estimator. */
        public Builder estimator(TokenEstimator value) {
            estimator = once(estimator, value, "estimator");
            return this;
        }

        /** The line format. */
        public Builder lineFormat(LineFormat value) {
            format = once(format, value, "line format");
            return this;
        }

        /** The most tokens one message's line may take; a longer one is shown cut (by default a quarter of the budget, or all of a small one). */
        public Builder maxLineTokens(int n) {
            maxLineTokens = once(maxLineTokens, positive(n, "max line tokens"), "max line tokens");
            return this;
        }

        /** Aliases for user ids and names in the lines. */
        public Builder pseudonymize(Pseudonymizer value) {
            pseudonymizer = once(pseudonymizer, value, "pseudonymizer");
            return this;
        }

        /** The renderer. */
        public PromptRenderer build() {
            return new PromptRenderer(this);
        }
    }
}
