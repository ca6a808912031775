package io.larder.config;

import java.util.Collection;
import java.util.Optional;

/** The closest valid word to a mistyped one, by Levenshtein distance. Stateless. */
final class Suggestions {
    /** Farther than this and a suggestion is more confusing than helpful. */
    static final int MAX_DISTANCE = 3;

    private Suggestions() {
    }

    /** The candidate nearest {@code typed}, if within {@link #MAX_DISTANCE} edits and shorter than the typed word. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(typed, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // "ab" is two edits from "id": a suggestion must not be a rewrite of the whole word
        return best != null && bestDistance <= MAX_DISTANCE && bestDistance < typed.length() ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"}, or nothing. */
    static String didYouMean(String typed, Collection<String> candidates) {
        return closest(typed, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
