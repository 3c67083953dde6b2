package dev.fleetwright.core.api;

import java.util.regex.Pattern;

/**
 * The {@code nodes} value of a disruption budget: how many of a NodePool's nodes may be disrupted at once, as a count
 * or a percentage ([K] pkg/apis/v1/nodepool.go {@code Budget.Nodes}, pattern {@code ^((100|[0-9]{1,2})%|[0-9]+)$}).
 */
public sealed interface BudgetNodes permits BudgetNodes.Count, BudgetNodes.Percent {

    /** Karpenter's CRD pattern for {@code nodes}. */
    Pattern PATTERN = Pattern.compile("^((100|[0-9]{1,2})%|[0-9]+)$");

    /**
     * How many nodes may be disrupted among {@code nodeCount}: the count itself, or the percentage rounded up (so
     * {@code 10%} of 5 nodes allows 1), as Kubernetes scales {@code maxUnavailable} and Karpenter's {@code
     * GetAllowedDisruptions} does.
     *
     * @param nodeCount the NodePool's node count, not negative
     * @return the allowed number of disruptions, not negative
     */
    int allowedDisruptions(int nodeCount);

    /**
     * Parses {@code "5"} or {@code "10%"}.
     *
     * @param text the value, not null
     * @return the count or percentage
     * @throws IllegalArgumentException if the text does not match {@link #PATTERN} or the count exceeds an int
     */
    static BudgetNodes parse(String text) {
        if (text == null || !PATTERN.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a node count (5) or a percentage (10%)");
        }
        if (text.endsWith("%")) {
            return new Percent(Integer.parseInt(text.substring(0, text.length() - 1)));
        }
        try {
            return new Count(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too large a node count", e);
        }
    }

    /**
     * A fixed number of nodes.
     *
     * @param nodes not negative
     */
    record Count(int nodes) implements BudgetNodes {
        /** @throws IllegalArgumentException if {@code nodes} is negative */
        public Count {
            if (nodes < 0) {
                throw new IllegalArgumentException("nodes must not be negative, got " + nodes);
            }
        }

        @Override
        public int allowedDisruptions(int nodeCount) {
            return nodes;
        }

        @Override
        public String toString() {
            return Integer.toString(nodes);
        }
    }

    /**
     * A percentage of the NodePool's nodes, rounded up.
     *
     * @param percent 0..100
     */
    record Percent(int percent) implements BudgetNodes {
        /** @throws IllegalArgumentException if {@code percent} is outside 0..100 */
        public Percent {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent must be within 0..100, got " + percent);
            }
        }

        @Override
        public int allowedDisruptions(int nodeCount) {
            if (nodeCount < 0) {
                throw new IllegalArgumentException("node count must not be negative, got " + nodeCount);
            }
            return (int) ((nodeCount * (long) percent + 99) / 100);
        }

        @Override
        public String toString() {
            return percent + "%";
        }
    }
}
