package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The set of values one label key may take: the algebra behind node selector requirements, after Karpenter's {@code
 * scheduling.Requirement} ([K] pkg/scheduling/requirement.go).
 *
 * <p>Representation: either a finite set of allowed values ({@code In}; {@code DoesNotExist} is the empty set) or the
 * complement of a finite set of excluded values ({@code NotIn}; {@code Exists} excludes nothing), optionally bounded by
 * inclusive integer bounds. {@code Gt n} is stored as {@code >= n+1} and {@code Lt n} as {@code <= n-1}; a bounded
 * value must parse as an integer. Bounds only remain on complement sets: intersecting a bounded set with a finite set
 * filters the finite set. {@code minValues} travels with the requirement and intersects as the maximum. Keys are
 * normalised ({@link Labels#NORMALIZED}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Requirement {

    private static final long NO_LOWER = Long.MIN_VALUE;
    private static final long NO_UPPER = Long.MAX_VALUE;

    private final String key;
    private final boolean complement;
    private final Set<String> values;
    private final long gte;
    private final long lte;
    private final Integer minValues;

    private Requirement(String key, boolean complement, Set<String> values, long gte, long lte, Integer minValues) {
        this.key = key;
        this.complement = complement;
        this.values = values;
        this.gte = gte;
        this.lte = lte;
        this.minValues = minValues;
    }

    /**
     * Builds a requirement from an operator and its values.
     *
     * @param key the label key (normalised)
     * @param operator the operator
     * @param values the values; for Gt, Lt, Gte and Lte exactly one integer
     * @param minValues the minimum number of distinct values, or null
     * @return the requirement
     * @throws IllegalArgumentException if a numeric operator does not have exactly one integer value
     */
    public static Requirement of(
            String key, NodeSelectorOperator operator, Collection<String> values, Integer minValues) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        String k = Labels.normalize(key);
        return switch (operator) {
            case IN -> new Requirement(k, false, Set.copyOf(values), NO_LOWER, NO_UPPER, minValues);
            case NOT_IN -> new Requirement(k, true, Set.copyOf(values), NO_LOWER, NO_UPPER, minValues);
            case EXISTS -> new Requirement(k, true, Set.of(), NO_LOWER, NO_UPPER, minValues);
            case DOES_NOT_EXIST -> new Requirement(k, false, Set.of(), NO_LOWER, NO_UPPER, minValues);
            case GT -> {
                long n = singleInteger(k, operator, values);
                yield n == Long.MAX_VALUE
                        ? new Requirement(k, false, Set.of(), NO_LOWER, NO_UPPER, minValues)
                        : new Requirement(k, true, Set.of(), n + 1, NO_UPPER, minValues);
            }
            case GTE -> new Requirement(k, true, Set.of(), singleInteger(k, operator, values), NO_UPPER, minValues);
            case LT -> {
                long n = singleInteger(k, operator, values);
                yield n == Long.MIN_VALUE
                        ? new Requirement(k, false, Set.of(), NO_LOWER, NO_UPPER, minValues)
                        : new Requirement(k, true, Set.of(), NO_LOWER, n - 1, minValues);
            }
            case LTE -> new Requirement(k, true, Set.of(), NO_LOWER, singleInteger(k, operator, values), minValues);
        };
    }

    /** The requirement a raw {@link NodeSelectorRequirement} expresses. */
    public static Requirement from(NodeSelectorRequirement r) {
        return of(r.key(), r.operator(), r.values(), r.minValues());
    }

    /** {@code key In (values)}. */
    public static Requirement in(String key, String... values) {
        return of(key, NodeSelectorOperator.IN, List.of(values), null);
    }

    /** {@code key In (values)}. */
    public static Requirement in(String key, Collection<String> values) {
        return of(key, NodeSelectorOperator.IN, values, null);
    }

    /** {@code key NotIn (values)}. */
    public static Requirement notIn(String key, String... values) {
        return of(key, NodeSelectorOperator.NOT_IN, List.of(values), null);
    }

    /** {@code key Exists}. */
    public static Requirement exists(String key) {
        return of(key, NodeSelectorOperator.EXISTS, List.of(), null);
    }

    /** {@code key DoesNotExist}. */
    public static Requirement doesNotExist(String key) {
        return of(key, NodeSelectorOperator.DOES_NOT_EXIST, List.of(), null);
    }

    /** The label key. */
    public String key() {
        return key;
    }

    /** The minimum number of distinct values required across a NodeClaim's instance types, or null. */
    public Integer minValues() {
        return minValues;
    }

    /** A copy with another {@code minValues} (null to clear). */
    public Requirement withMinValues(Integer newMinValues) {
        return new Requirement(key, complement, values, gte, lte, newMinValues);
    }

    /** Whether the set is a complement (NotIn, Exists, or a numeric bound). */
    public boolean isComplement() {
        return complement;
    }

    /** The explicit values: allowed values of a finite set, excluded values of a complement. */
    public Set<String> values() {
        return values;
    }

    /** The inclusive lower bound, if any. */
    public Optional<Long> lowerBound() {
        return gte == NO_LOWER ? Optional.empty() : Optional.of(gte);
    }

    /** The inclusive upper bound, if any. */
    public Optional<Long> upperBound() {
        return lte == NO_UPPER ? Optional.empty() : Optional.of(lte);
    }

    /**
     * The operator that describes this set: In for a non-empty finite set, DoesNotExist for the empty set, NotIn for a
     * complement that excludes values, Exists otherwise (bounds are "Exists with bounds"), as Karpenter reports it.
     */
    public NodeSelectorOperator operator() {
        if (complement) {
            return values.isEmpty() ? NodeSelectorOperator.EXISTS : NodeSelectorOperator.NOT_IN;
        }
        return values.isEmpty() ? NodeSelectorOperator.DOES_NOT_EXIST : NodeSelectorOperator.IN;
    }

    /**
     * The size of the set: the number of values for a finite set, {@code Long.MAX_VALUE} minus the excluded values for
     * a complement (bounds are not counted, as in Karpenter).
     */
    public long len() {
        return complement ? Long.MAX_VALUE - values.size() : values.size();
    }

    /** Whether the set is empty (for example {@code DoesNotExist}, or the intersection of disjoint sets). */
    public boolean isEmpty() {
        return len() == 0;
    }

    /** Whether {@code value} is in the set. */
    public boolean has(String value) {
        if (complement) {
            return !values.contains(value) && withinBounds(value, gte, lte);
        }
        return values.contains(value) && withinBounds(value, gte, lte);
    }

    /**
     * The intersection of two sets of the same key: complements union their exclusions, a finite set is filtered by
     * the other set, bounds tighten, and {@code minValues} is the larger of the two. Disjoint bounds give the empty
     * set.
     *
     * @throws IllegalArgumentException if the keys differ
     */
    public Requirement intersection(Requirement other) {
        if (!key.equals(other.key)) {
            throw new IllegalArgumentException("cannot intersect requirements on " + key + " and " + other.key);
        }
        long lower = Math.max(gte, other.gte);
        long upper = Math.min(lte, other.lte);
        Integer min = maxNullable(minValues, other.minValues);
        if (lower != NO_LOWER && upper != NO_UPPER && lower > upper) {
            return new Requirement(key, false, Set.of(), NO_LOWER, NO_UPPER, min);
        }
        boolean bothComplement = complement && other.complement;
        Set<String> result;
        if (bothComplement) {
            if (values.isEmpty()) {
                result = other.values;
            } else if (other.values.isEmpty() || values.equals(other.values)) {
                result = values;
            } else {
                Set<String> union = new HashSet<>(values);
                union.addAll(other.values);
                result = Set.copyOf(union);
            }
            return new Requirement(key, true, result, lower, upper, min);
        }
        Set<String> finite = complement ? other.values : values;
        Requirement filter = complement ? this : other;
        boolean allKept = true;
        for (String v : finite) {
            if (!filter.has(v) || !withinBounds(v, lower, upper)) {
                allKept = false;
                break;
            }
        }
        if (allKept) {
            result = finite;
        } else {
            Set<String> kept = new HashSet<>();
            for (String v : finite) {
                if (filter.has(v) && withinBounds(v, lower, upper)) {
                    kept.add(v);
                }
            }
            result = Set.copyOf(kept);
        }
        return new Requirement(key, false, result, NO_LOWER, NO_UPPER, min);
    }

    /** Whether the intersection with {@code other} is non-empty, without building it. */
    public boolean hasIntersection(Requirement other) {
        long lower = Math.max(gte, other.gte);
        long upper = Math.min(lte, other.lte);
        if (lower != NO_LOWER && upper != NO_UPPER && lower > upper) {
            return false;
        }
        if (complement && other.complement) {
            return true;
        }
        Set<String> finite = complement ? other.values : values;
        Requirement filter = complement ? this : other;
        for (String v : finite) {
            if (filter.has(v) && withinBounds(v, lower, upper)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One value in the set, chosen deterministically: the smallest allowed value of a finite set; for a complement the
     * smallest non-negative integer within the bounds that is not excluded. Empty for the empty set. Karpenter picks a
     * random value for complements; Fleetwright is deterministic on purpose.
     */
    public Optional<String> any() {
        if (!complement) {
            return values.isEmpty() ? Optional.empty() : Optional.of(new TreeSet<>(values).first());
        }
        long candidate = Math.max(gte == NO_LOWER ? 0 : gte, 0);
        while (candidate <= lte) {
            String s = Long.toString(candidate);
            if (!values.contains(s)) {
                return Optional.of(s);
            }
            candidate++;
        }
        return Optional.empty();
    }

    /**
     * The requirement as node selector requirements: one, or two when both bounds are set ({@code Gte} and {@code
     * Lte}). Values are sorted.
     */
    public List<NodeSelectorRequirement> toNodeSelectorRequirements() {
        List<NodeSelectorRequirement> out = new ArrayList<>(2);
        if (gte != NO_LOWER) {
            out.add(new NodeSelectorRequirement(key, NodeSelectorOperator.GTE, List.of(Long.toString(gte)), minValues));
        }
        if (lte != NO_UPPER) {
            out.add(new NodeSelectorRequirement(key, NodeSelectorOperator.LTE, List.of(Long.toString(lte)), minValues));
        }
        if (out.isEmpty() || !values.isEmpty()) {
            out.add(0, new NodeSelectorRequirement(key, operator(), List.copyOf(new TreeSet<>(values)), minValues));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirement r
                && complement == r.complement
                && gte == r.gte
                && lte == r.lte
                && key.equals(r.key)
                && values.equals(r.values)
                && Objects.equals(minValues, r.minValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, complement, values, gte, lte, minValues);
    }

    /** For example {@code karpenter.k8s.aws/instance-category In [c, m, r]} or {@code karpenter.k8s.aws/instance-cpu Exists >=5}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(key).append(' ').append(operator().wireName());
        NodeSelectorOperator op = operator();
        if (op == NodeSelectorOperator.IN || op == NodeSelectorOperator.NOT_IN) {
            List<String> sorted = new ArrayList<>(new TreeSet<>(values));
            if (sorted.size() > 5) {
                int others = sorted.size() - 5;
                sorted = new ArrayList<>(sorted.subList(0, 5));
                sorted.add("and " + others + " others");
            }
            sb.append(' ').append(sorted);
        }
        if (gte != NO_LOWER) {
            sb.append(" >=").append(gte);
        }
        if (lte != NO_UPPER) {
            sb.append(" <=").append(lte);
        }
        if (minValues != null) {
            sb.append(" minValues ").append(minValues);
        }
        return sb.toString();
    }

    private static boolean withinBounds(String value, long lower, long upper) {
        if (lower == NO_LOWER && upper == NO_UPPER) {
            return true;
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return false;
        }
        return n >= lower && n <= upper;
    }

    private static long singleInteger(String key, NodeSelectorOperator operator, Collection<String> values) {
        if (values.size() != 1) {
            throw new IllegalArgumentException(
                    key + ": operator " + operator.wireName() + " needs exactly one integer value, got " + values);
        }
        String v = values.iterator().next();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + ": operator " + operator.wireName() + " needs an integer value, got \"" + v + "\"", e);
        }
    }

    private static Integer maxNullable(Integer a, Integer b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.max(a, b);
    }
}
