package dev.fleetwright.core.api.load;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" suggestions for misspelt field names and values. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * The candidate closest to {@code given}: one equal ignoring case, else the one with the smallest edit distance
     * if that distance is small for the word's length (at most 2, or 3 for words longer than 10 characters).
     *
     * @param given the text written, not null
     * @param candidates the valid names, not null
     * @return the suggestion, or empty when nothing is close
     */
    public static Optional<String> closest(String given, Collection<String> candidates) {
        for (String c : candidates) {
            if (c.equalsIgnoreCase(given)) {
                return Optional.of(c);
            }
        }
        int limit = given.length() > 10 ? 3 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(given.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
