package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A conjunction of {@link Requirement}s, at most one per label key: what a NodePool, a NodeClaim, an instance type, an
 * offering or a pod demands of node labels. After Karpenter's {@code scheduling.Requirements} ([K]
 * pkg/scheduling/requirements.go).
 *
 * <p>A key without a requirement allows any value ({@link #get} returns {@code Exists}). Immutable: {@link #and}
 * returns a new set of requirements with each shared key intersected.
 */
public final class Requirements {

    /** No requirements at all. */
    public static final Requirements EMPTY = new Requirements(Map.of());

    private final Map<String, Requirement> byKey;

    private Requirements(Map<String, Requirement> byKey) {
        this.byKey = byKey;
    }

    /** The conjunction of these requirements; requirements on the same key are intersected. */
    public static Requirements of(Requirement... requirements) {
        return of(List.of(requirements));
    }

    /** The conjunction of these requirements; requirements on the same key are intersected. */
    public static Requirements of(Collection<Requirement> requirements) {
        if (requirements.isEmpty()) {
            return EMPTY;
        }
        Map<String, Requirement> map = new HashMap<>();
        for (Requirement r : requirements) {
            map.merge(r.key(), r, Requirement::intersection);
        }
        return new Requirements(Collections.unmodifiableMap(map));
    }

    /**
     * The requirements written as node selector requirements.
     *
     * @throws IllegalArgumentException if a numeric operator lacks exactly one integer value
     */
    public static Requirements fromNodeSelector(List<NodeSelectorRequirement> requirements) {
        List<Requirement> list = new ArrayList<>(requirements.size());
        for (NodeSelectorRequirement r : requirements) {
            list.add(Requirement.from(r));
        }
        return of(list);
    }

    /** One {@code In} requirement per label: what a node with these labels offers, or what a nodeSelector asks. */
    public static Requirements fromLabels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return EMPTY;
        }
        List<Requirement> list = new ArrayList<>(labels.size());
        labels.forEach((k, v) -> list.add(Requirement.in(k, v)));
        return of(list);
    }

    /** These requirements and {@code requirement}, intersected on its key. */
    public Requirements and(Requirement requirement) {
        Map<String, Requirement> map = new HashMap<>(byKey);
        map.merge(requirement.key(), requirement, Requirement::intersection);
        return new Requirements(Collections.unmodifiableMap(map));
    }

    /** These requirements and {@code other}, intersected key by key. */
    public Requirements and(Requirements other) {
        if (other.byKey.isEmpty()) {
            return this;
        }
        if (byKey.isEmpty()) {
            return other;
        }
        Map<String, Requirement> map = new HashMap<>(byKey);
        other.byKey.forEach((k, r) -> map.merge(k, r, Requirement::intersection));
        return new Requirements(Collections.unmodifiableMap(map));
    }

    /** These requirements without the one on {@code key}. */
    public Requirements without(String key) {
        if (!byKey.containsKey(key)) {
            return this;
        }
        Map<String, Requirement> map = new HashMap<>(byKey);
        map.remove(key);
        return new Requirements(Collections.unmodifiableMap(map));
    }

    /** Whether there is a requirement on {@code key}. */
    public boolean has(String key) {
        return byKey.containsKey(key);
    }

    /** The requirement on {@code key}, or {@code key Exists} when there is none. */
    public Requirement get(String key) {
        Requirement r = byKey.get(key);
        return r != null ? r : EXISTS.computeIfAbsent(key, Requirement::exists);
    }

    /** {@code key Exists} per key, shared because requirements are immutable and absent keys are asked often. */
    private static final Map<String, Requirement> EXISTS = new ConcurrentHashMap<>();

    /** The keys with a requirement. */
    public Set<String> keys() {
        return byKey.keySet();
    }

    /** The requirements, in no particular order. */
    public Collection<Requirement> values() {
        return byKey.values();
    }

    /** The number of keys with a requirement. */
    public int size() {
        return byKey.size();
    }

    /** Whether there are no requirements. */
    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    /**
     * Whether {@code incoming} can be met together with these requirements (Karpenter's {@code Compatible}). A key that
     * {@code incoming} requires (not NotIn or DoesNotExist) must be defined here unless it is in {@code allowUndefined};
     * every shared key must intersect ({@link #intersects}).
     *
     * @param incoming what a pod or NodeClaim asks
     * @param allowUndefined keys that may be absent here, usually {@link Labels#WELL_KNOWN}
     */
    public boolean isCompatible(Requirements incoming, Set<String> allowUndefined) {
        for (Requirement r : incoming.byKey.values()) {
            if (!byKey.containsKey(r.key()) && !allowUndefined.contains(r.key()) && !isNegative(r)) {
                return false;
            }
        }
        return intersects(incoming);
    }

    /**
     * Why {@code incoming} is not compatible ({@link #isCompatible}); empty when it is. Each problem is one readable
     * sentence, for example {@code label "team" does not have known values} or
     * {@code key karpenter.sh/capacity-type, karpenter.sh/capacity-type In [spot] not in karpenter.sh/capacity-type In [on-demand]}.
     */
    public List<String> compatibilityErrors(Requirements incoming, Set<String> allowUndefined) {
        List<String> errors = new ArrayList<>();
        for (String key : new TreeMap<>(incoming.byKey).keySet()) {
            Requirement r = incoming.byKey.get(key);
            if (!byKey.containsKey(key) && !allowUndefined.contains(key) && !isNegative(r)) {
                errors.add("label \"" + key + "\" does not have known values" + hint(key, allowUndefined));
            }
        }
        errors.addAll(intersectionErrors(incoming));
        return errors;
    }

    /**
     * Whether every key present in both has a non-empty intersection, except where both sides are negative (NotIn or
     * DoesNotExist), which never conflict (Karpenter's {@code Intersects}). Keys present on one side only are allowed.
     */
    public boolean intersects(Requirements incoming) {
        Map<String, Requirement> small = byKey.size() <= incoming.byKey.size() ? byKey : incoming.byKey;
        Map<String, Requirement> large = small == byKey ? incoming.byKey : byKey;
        for (Map.Entry<String, Requirement> e : small.entrySet()) {
            Requirement other = large.get(e.getKey());
            if (other == null) {
                continue;
            }
            Requirement existing = small == byKey ? e.getValue() : other;
            Requirement in = small == byKey ? other : e.getValue();
            if (!existing.hasIntersection(in) && !(isNegative(in) && isNegative(existing))) {
                return false;
            }
        }
        return true;
    }

    /** The readable reasons {@link #intersects} fails; empty when it holds. */
    public List<String> intersectionErrors(Requirements incoming) {
        List<String> errors = new ArrayList<>();
        for (String key : new TreeMap<>(byKey).keySet()) {
            Requirement in = incoming.byKey.get(key);
            if (in == null) {
                continue;
            }
            Requirement existing = byKey.get(key);
            if (!existing.hasIntersection(in) && !(isNegative(in) && isNegative(existing))) {
                errors.add("key " + key + ", " + in + " not in " + existing);
            }
        }
        return errors;
    }

    /**
     * The node labels these requirements imply: one value per key ({@link Requirement#any()}), skipping keys that
     * Karpenter never injects ({@link Labels#isRestrictedNodeLabel}). Sorted by key.
     */
    public Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>();
        for (Requirement r : byKey.values()) {
            if (!Labels.isRestrictedNodeLabel(r.key())) {
                r.any().ifPresent(v -> labels.put(r.key(), v));
            }
        }
        return labels;
    }

    /** The requirements as node selector requirements, sorted by key. */
    public List<NodeSelectorRequirement> toNodeSelectorRequirements() {
        List<NodeSelectorRequirement> out = new ArrayList<>();
        for (Requirement r : new TreeMap<>(byKey).values()) {
            out.addAll(r.toNodeSelectorRequirements());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirements r && byKey.equals(r.byKey);
    }

    @Override
    public int hashCode() {
        return byKey.hashCode();
    }

    /** The requirements sorted by key, comma-separated, without restricted labels such as the hostname. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Requirement r : new TreeMap<>(byKey).values()) {
            if (!Labels.RESTRICTED.contains(r.key())) {
                parts.add(r.toString());
            }
        }
        return String.join(", ", parts);
    }

    private static boolean isNegative(Requirement r) {
        NodeSelectorOperator op = r.operator();
        return op == NodeSelectorOperator.NOT_IN || op == NodeSelectorOperator.DOES_NOT_EXIST;
    }

    private String hint(String key, Set<String> allowUndefined) {
        String suffix = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
        for (Collection<String> candidates :
                List.<Collection<String>>of(new TreeSet<>(allowUndefined), new TreeSet<>(byKey.keySet()))) {
            for (String known : candidates) {
                if (known.contains(key) || editDistance(key, known) < known.length() / 5 || known.endsWith(suffix)) {
                    return " (typo of \"" + known + "\"?)";
                }
            }
        }
        return "";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
