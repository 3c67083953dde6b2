package dev.fleetwright.aws.dynamodb;

import dev.fleetwright.core.api.ConditionStatus;
import dev.fleetwright.core.api.DisruptionReason;
import dev.fleetwright.core.api.NillableDuration;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimCondition;
import dev.fleetwright.core.api.NodeClaimConditionType;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.NodeClaimSpec;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.NodeClassReference;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a NodeClaim to a NodeClaims-table item and back, losslessly. The item shape is documented in {@code
 * docs/design/dynamodb-tables.md}; in short:
 *
 * <ul>
 *   <li>The table key is the item's own {@code cluster} and {@code name} attributes; there is no composite key string
 *       to keep in step with them.
 *   <li>Strings that are empty in the record ({@code instanceId} before launch, ...), null instants, empty lists and
 *       maps and zero resources are <em>absent</em> from the item, and absent reads back as empty, null or zero. This
 *       keeps {@code instanceId} sparse for the {@value TableSchemas#BY_INSTANCE_ID} index (DynamoDB rejects an empty
 *       string as an index key).
 *   <li>Instants are ISO-8601 strings ({@link Instant#toString()}), which keep nanoseconds and read well in the
 *       console. They are not fixed-width, so they are not compared as strings anywhere.
 *   <li>Durations are {@code Never} or ISO-8601 ({@code PT720H}), exact for any {@link Duration}.
 *   <li>Resources are maps from resource name to a number in {@link Resources}' canonical units (cpu in millicores,
 *       memory and ephemeral-storage in bytes, everything else a count).
 *   <li>{@code pricePerHourUsd} is a number; DynamoDB drops trailing zeros of numbers, so {@code
 *       pricePerHourUsdScale} keeps the decimal scale and {@code 0.0960} reads back as {@code 0.0960}, not {@code
 *       0.096} ({@link BigDecimal#equals} compares scale).
 *   <li>Enums are stored by their API names ({@code Launching}, {@code NoSchedule}, {@code Underutilized}).
 * </ul>
 */
final class NodeClaimItemMapper {

    /** The {@code name} of nested maps (owner references, nodeClassRef); the item's own is {@link TableSchemas#NAME}. */
    static final String NAME = "name";

    static final String NAMESPACE = "namespace";
    static final String UID = "uid";
    static final String NODE_POOL = "nodePool";
    static final String LABELS = "labels";
    static final String ANNOTATIONS = "annotations";
    static final String OWNER_REFERENCES = "ownerReferences";
    static final String CREATION_TIMESTAMP = "creationTimestamp";
    static final String DELETION_TIMESTAMP = "deletionTimestamp";
    static final String REQUIREMENTS = "requirements";
    static final String TAINTS = "taints";
    static final String STARTUP_TAINTS = "startupTaints";
    static final String NODE_CLASS_REF = "nodeClassRef";
    static final String RESOURCE_REQUESTS = "resourceRequests";
    static final String EXPIRE_AFTER = "expireAfter";
    static final String TERMINATION_GRACE_PERIOD = "terminationGracePeriod";
    static final String PROVIDER_ID = "providerId";
    static final String INSTANCE_TYPE = "instanceType";
    static final String ZONE = "zone";
    static final String CAPACITY_TYPE = "capacityType";
    static final String PRICE_PER_HOUR_USD = "pricePerHourUsd";
    static final String PRICE_PER_HOUR_USD_SCALE = "pricePerHourUsdScale";
    static final String IMAGE_ID = "imageId";
    static final String NODE_NAME = "nodeName";
    static final String CAPACITY = "capacity";
    static final String ALLOCATABLE = "allocatable";
    static final String CONDITIONS = "conditions";
    static final String CREATED_AT = "createdAt";
    static final String LAUNCHED_AT = "launchedAt";
    static final String REGISTERED_AT = "registeredAt";
    static final String INITIALIZED_AT = "initializedAt";
    static final String LAST_POD_EVENT_AT = "lastPodEventAt";
    static final String TERMINATED_AT = "terminatedAt";
    static final String DISRUPTION_REASON = "disruptionReason";
    static final String VERSION = "version";

    private NodeClaimItemMapper() {}

    /** A NodeClaim read from an item, with its cluster. */
    record Stored(String cluster, VersionedNodeClaim nodeClaim) {}

    /** The table key of a NodeClaim: {@code cluster} (partition key) and {@code name} (sort key). */
    static Map<String, AttributeValue> key(String cluster, String name) {
        return Map.of(TableSchemas.CLUSTER, s(cluster), TableSchemas.NAME, s(name));
    }

    /**
     * When DynamoDB may delete the record: {@code terminatedAt + retention} for a terminal phase ({@code createdAt +
     * retention} if {@code terminatedAt} is unset, so a terminal record always expires), none otherwise.
     */
    static OptionalLong ttlEpochSeconds(NodeClaimStatus status, Duration retention) {
        if (!status.phase().isTerminal()) {
            return OptionalLong.empty();
        }
        Instant end = status.terminatedAt() != null ? status.terminatedAt() : status.createdAt();
        return OptionalLong.of(end.plus(retention).getEpochSecond());
    }

    /**
     * The item for a NodeClaim.
     *
     * @param cluster the cluster name
     * @param claim the NodeClaim
     * @param version the version the item stores
     * @param retention how long a terminal NodeClaim is kept ({@link #ttlEpochSeconds})
     */
    static Map<String, AttributeValue> toItem(String cluster, NodeClaim claim, long version, Duration retention) {
        ObjectMeta meta = claim.metadata();
        NodeClaimSpec spec = claim.spec();
        NodeClaimStatus status = claim.status();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(TableSchemas.CLUSTER, s(cluster));
        item.put(TableSchemas.NAME, s(claim.name()));
        putString(item, NAMESPACE, meta.namespace());
        putString(item, UID, meta.uid());
        // Derived from the labels and never read back: there for the console and ad-hoc queries.
        claim.nodePoolName().ifPresent(pool -> item.put(NODE_POOL, s(pool)));
        putStringMap(item, LABELS, meta.labels());
        putStringMap(item, ANNOTATIONS, meta.annotations());
        putList(item, OWNER_REFERENCES, meta.ownerReferences(), NodeClaimItemMapper::ownerReference);
        putInstant(item, CREATION_TIMESTAMP, meta.creationTimestamp());
        putInstant(item, DELETION_TIMESTAMP, meta.deletionTimestamp());

        putList(item, REQUIREMENTS, spec.requirements(), NodeClaimItemMapper::requirement);
        putList(item, TAINTS, spec.taints(), NodeClaimItemMapper::taint);
        putList(item, STARTUP_TAINTS, spec.startupTaints(), NodeClaimItemMapper::taint);
        item.put(NODE_CLASS_REF, nodeClassRef(spec.nodeClassRef()));
        putResources(item, RESOURCE_REQUESTS, spec.resourceRequests());
        item.put(EXPIRE_AFTER, s(duration(spec.expireAfter())));
        item.put(TERMINATION_GRACE_PERIOD, s(duration(spec.terminationGracePeriod())));

        item.put(TableSchemas.PHASE, s(status.phase().wireName()));
        putString(item, PROVIDER_ID, status.providerId());
        putString(item, TableSchemas.INSTANCE_ID, status.instanceId());
        putString(item, INSTANCE_TYPE, status.instanceType());
        putString(item, ZONE, status.zone());
        putString(item, CAPACITY_TYPE, status.capacityType());
        if (status.pricePerHourUsd() != null) {
            item.put(PRICE_PER_HOUR_USD, n(status.pricePerHourUsd().toPlainString()));
            item.put(PRICE_PER_HOUR_USD_SCALE, n(status.pricePerHourUsd().scale()));
        }
        putString(item, IMAGE_ID, status.imageId());
        putString(item, NODE_NAME, status.nodeName());
        putResources(item, CAPACITY, status.capacity());
        putResources(item, ALLOCATABLE, status.allocatable());
        putList(item, CONDITIONS, status.conditions(), NodeClaimItemMapper::condition);
        putInstant(item, CREATED_AT, status.createdAt());
        putInstant(item, LAUNCHED_AT, status.launchedAt());
        putInstant(item, REGISTERED_AT, status.registeredAt());
        putInstant(item, INITIALIZED_AT, status.initializedAt());
        putInstant(item, LAST_POD_EVENT_AT, status.lastPodEventAt());
        putInstant(item, TERMINATED_AT, status.terminatedAt());
        if (status.disruptionReason() != null) {
            item.put(DISRUPTION_REASON, s(status.disruptionReason().wireName()));
        }

        item.put(VERSION, n(version));
        ttlEpochSeconds(status, retention).ifPresent(ttl -> item.put(TableSchemas.TTL_ATTRIBUTE, n(ttl)));
        return item;
    }

    /**
     * The NodeClaim an item holds.
     *
     * @param item the item
     * @return the cluster and versioned NodeClaim
     * @throws IllegalArgumentException naming the attribute (path) and the rule when the item is malformed
     */
    static Stored fromItem(Map<String, AttributeValue> item) {
        Reader r = new Reader(item, "");
        String cluster = r.string(TableSchemas.CLUSTER);
        String name = r.string(TableSchemas.NAME);
        ObjectMeta meta = new ObjectMeta(
                name,
                r.optionalString(NAMESPACE),
                r.optionalString(UID),
                r.stringMap(LABELS),
                r.stringMap(ANNOTATIONS),
                r.list(OWNER_REFERENCES, NodeClaimItemMapper::readOwnerReference),
                r.optionalInstant(CREATION_TIMESTAMP),
                r.optionalInstant(DELETION_TIMESTAMP));
        NodeClaimSpec spec = new NodeClaimSpec(
                r.list(REQUIREMENTS, NodeClaimItemMapper::readRequirement),
                r.list(TAINTS, NodeClaimItemMapper::readTaint),
                r.list(STARTUP_TAINTS, NodeClaimItemMapper::readTaint),
                readNodeClassRef(r.map(NODE_CLASS_REF)),
                r.resources(RESOURCE_REQUESTS),
                r.duration(EXPIRE_AFTER),
                r.duration(TERMINATION_GRACE_PERIOD));
        NodeClaimStatus status = new NodeClaimStatus(
                r.enumValue(TableSchemas.PHASE, NodeClaimPhase.values(), NodeClaimPhase::wireName),
                r.optionalString(PROVIDER_ID),
                r.optionalString(TableSchemas.INSTANCE_ID),
                r.optionalString(INSTANCE_TYPE),
                r.optionalString(ZONE),
                r.optionalString(CAPACITY_TYPE),
                r.price(),
                r.optionalString(IMAGE_ID),
                r.optionalString(NODE_NAME),
                r.resources(CAPACITY),
                r.resources(ALLOCATABLE),
                r.list(CONDITIONS, NodeClaimItemMapper::readCondition),
                r.instant(CREATED_AT),
                r.optionalInstant(LAUNCHED_AT),
                r.optionalInstant(REGISTERED_AT),
                r.optionalInstant(INITIALIZED_AT),
                r.optionalInstant(LAST_POD_EVENT_AT),
                r.optionalInstant(TERMINATED_AT),
                r.has(DISRUPTION_REASON)
                        ? r.enumValue(DISRUPTION_REASON, DisruptionReason.values(), DisruptionReason::wireName)
                        : null);
        long version = r.longValue(VERSION);
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
        return new Stored(cluster, new VersionedNodeClaim(new NodeClaim(meta, spec, status), version));
    }

    // ---- writing

    private static AttributeValue ownerReference(OwnerReference ref) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        putString(m, "apiVersion", ref.apiVersion());
        m.put("kind", s(ref.kind()));
        m.put(NAME, s(ref.name()));
        putString(m, UID, ref.uid());
        m.put("controller", AttributeValue.fromBool(ref.controller()));
        return AttributeValue.fromM(m);
    }

    private static AttributeValue requirement(NodeSelectorRequirement req) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("key", s(req.key()));
        m.put("operator", s(req.operator().wireName()));
        // A list, not a string set: the order is meaningful (instance types are kept cheapest first).
        putList(m, "values", req.values(), NodeClaimItemMapper::s);
        if (req.minValues() != null) {
            m.put("minValues", n(req.minValues()));
        }
        return AttributeValue.fromM(m);
    }

    private static AttributeValue taint(Taint taint) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("key", s(taint.key()));
        putString(m, "value", taint.value());
        m.put("effect", s(taint.effect().wireName()));
        return AttributeValue.fromM(m);
    }

    private static AttributeValue nodeClassRef(NodeClassReference ref) {
        return AttributeValue.fromM(Map.of("group", s(ref.group()), "kind", s(ref.kind()), NAME, s(ref.name())));
    }

    private static AttributeValue condition(NodeClaimCondition c) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("type", s(c.type().wireName()));
        m.put("status", s(c.status().wireName()));
        putString(m, "reason", c.reason());
        putString(m, "message", c.message());
        m.put("lastTransitionTime", s(c.lastTransitionTime().toString()));
        return AttributeValue.fromM(m);
    }

    private static String duration(NillableDuration d) {
        return d.duration().map(Duration::toString).orElse(NillableDuration.NEVER_LITERAL);
    }

    private static void putResources(Map<String, AttributeValue> item, String name, Resources resources) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        putAmount(m, Resources.CPU, resources.cpuMillis());
        putAmount(m, Resources.MEMORY, resources.memoryBytes());
        putAmount(m, Resources.EPHEMERAL_STORAGE, resources.ephemeralStorageBytes());
        putAmount(m, Resources.PODS, resources.pods());
        resources.extended().forEach((resource, amount) -> putAmount(m, resource, amount));
        if (!m.isEmpty()) {
            item.put(name, AttributeValue.fromM(m));
        }
    }

    private static void putAmount(Map<String, AttributeValue> m, String resource, long amount) {
        if (amount != 0) {
            m.put(resource, n(amount));
        }
    }

    private static void putString(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, s(value));
        }
    }

    private static void putInstant(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    private static void putStringMap(Map<String, AttributeValue> item, String name, Map<String, String> value) {
        if (!value.isEmpty()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            value.forEach((k, v) -> m.put(k, s(v)));
            item.put(name, AttributeValue.fromM(m));
        }
    }

    private static <T> void putList(
            Map<String, AttributeValue> item, String name, List<T> values, Function<T, AttributeValue> mapper) {
        if (!values.isEmpty()) {
            item.put(name, AttributeValue.fromL(values.stream().map(mapper).toList()));
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    // ---- reading

    private static OwnerReference readOwnerReference(Reader r) {
        return new OwnerReference(
                r.optionalString("apiVersion"),
                r.string("kind"),
                r.string(NAME),
                r.optionalString(UID),
                r.bool("controller"));
    }

    private static NodeSelectorRequirement readRequirement(Reader r) {
        return new NodeSelectorRequirement(
                r.string("key"),
                r.enumValue("operator", NodeSelectorOperator.values(), NodeSelectorOperator::wireName),
                r.list("values", Reader::stringValue),
                r.has("minValues") ? Math.toIntExact(r.longValue("minValues")) : null);
    }

    private static Taint readTaint(Reader r) {
        return new Taint(
                r.string("key"),
                r.optionalString("value"),
                r.enumValue("effect", TaintEffect.values(), TaintEffect::wireName));
    }

    private static NodeClassReference readNodeClassRef(Reader r) {
        return new NodeClassReference(r.string("group"), r.string("kind"), r.string(NAME));
    }

    private static NodeClaimCondition readCondition(Reader r) {
        return new NodeClaimCondition(
                r.enumValue("type", NodeClaimConditionType.values(), NodeClaimConditionType::wireName),
                r.enumValue("status", ConditionStatus.values(), ConditionStatus::wireName),
                r.optionalString("reason"),
                r.optionalString("message"),
                r.instant("lastTransitionTime"));
    }

    /** Reads typed attributes of one map, naming the attribute's path in every error. */
    private static final class Reader {
        private final Map<String, AttributeValue> attributes;
        private final String path;
        private final AttributeValue self;

        Reader(Map<String, AttributeValue> attributes, String path) {
            this.attributes = Objects.requireNonNull(attributes, "item");
            this.path = path;
            this.self = null;
        }

        private Reader(AttributeValue self, String path) {
            this.attributes = Map.of();
            this.path = path;
            this.self = self;
        }

        boolean has(String name) {
            return attributes.containsKey(name);
        }

        String string(String name) {
            return text(required(name), at(name));
        }

        String optionalString(String name) {
            AttributeValue v = attributes.get(name);
            return v == null ? "" : text(v, at(name));
        }

        boolean bool(String name) {
            AttributeValue v = required(name);
            if (v.bool() == null) {
                throw new IllegalArgumentException(at(name) + " must be a boolean (BOOL), got " + v);
            }
            return v.bool();
        }

        long longValue(String name) {
            String text = number(required(name), at(name));
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(at(name) + " must be an integer, got " + text, e);
            }
        }

        Instant instant(String name) {
            String text = string(name);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        at(name) + " must be an ISO-8601 instant like 2024-08-05T10:00:00Z, got \"" + text + "\"", e);
            }
        }

        Instant optionalInstant(String name) {
            return has(name) ? instant(name) : null;
        }

        NillableDuration duration(String name) {
            String text = string(name);
            if (NillableDuration.NEVER_LITERAL.equals(text)) {
                return NillableDuration.NEVER;
            }
            try {
                return NillableDuration.of(Duration.parse(text));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        at(name) + " must be Never or an ISO-8601 duration like PT720H, got \"" + text + "\"", e);
            }
        }

        <E> E enumValue(String name, E[] values, Function<E, String> wireName) {
            String text = string(name);
            for (E value : values) {
                if (wireName.apply(value).equals(text)) {
                    return value;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E value : values) {
                allowed.add(wireName.apply(value));
            }
            throw new IllegalArgumentException(at(name) + " must be one of " + allowed + ", got \"" + text + "\"");
        }

        BigDecimal price() {
            if (!has(PRICE_PER_HOUR_USD)) {
                return null;
            }
            String text = number(attributes.get(PRICE_PER_HOUR_USD), at(PRICE_PER_HOUR_USD));
            BigDecimal price = new BigDecimal(text);
            if (!has(PRICE_PER_HOUR_USD_SCALE)) {
                return price;
            }
            int scale = Math.toIntExact(longValue(PRICE_PER_HOUR_USD_SCALE));
            try {
                return price.setScale(scale);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        at(PRICE_PER_HOUR_USD_SCALE) + " " + scale + " would round " + at(PRICE_PER_HOUR_USD) + " "
                                + text,
                        e);
            }
        }

        Resources resources(String name) {
            Resources out = Resources.NONE;
            for (Map.Entry<String, AttributeValue> e :
                    optionalMapAttributes(name).entrySet()) {
                String where = at(name) + "." + e.getKey();
                String text = number(e.getValue(), where);
                try {
                    out = out.with(e.getKey(), Long.parseLong(text));
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException(where + " must be an integer amount, got " + text, ex);
                }
            }
            return out;
        }

        Map<String, String> stringMap(String name) {
            Map<String, String> out = new LinkedHashMap<>();
            optionalMapAttributes(name).forEach((k, v) -> out.put(k, text(v, at(name) + "." + k)));
            return out;
        }

        Reader map(String name) {
            AttributeValue v = required(name);
            if (!v.hasM()) {
                throw new IllegalArgumentException(at(name) + " must be a map (M), got " + v);
            }
            return new Reader(v.m(), at(name));
        }

        <T> List<T> list(String name, Function<Reader, T> element) {
            AttributeValue v = attributes.get(name);
            if (v == null) {
                return List.of();
            }
            if (!v.hasL()) {
                throw new IllegalArgumentException(at(name) + " must be a list (L), got " + v);
            }
            List<T> out = new ArrayList<>(v.l().size());
            for (int i = 0; i < v.l().size(); i++) {
                AttributeValue e = v.l().get(i);
                String where = at(name) + "[" + i + "]";
                out.add(element.apply(e.hasM() ? new Reader(e.m(), where) : new Reader(e, where)));
            }
            return out;
        }

        /** The element itself, for lists of scalars. */
        String stringValue() {
            if (self == null) {
                throw new IllegalArgumentException(path + " must be a string (S), got a map");
            }
            return text(self, path);
        }

        private Map<String, AttributeValue> optionalMapAttributes(String name) {
            AttributeValue v = attributes.get(name);
            if (v == null) {
                return Map.of();
            }
            if (!v.hasM()) {
                throw new IllegalArgumentException(at(name) + " must be a map (M), got " + v);
            }
            return v.m();
        }

        private AttributeValue required(String name) {
            if (self != null) {
                throw new IllegalArgumentException(path + " must be a map (M), got " + self);
            }
            AttributeValue v = attributes.get(name);
            if (v == null) {
                throw new IllegalArgumentException(at(name) + " is required but absent");
            }
            return v;
        }

        private static String text(AttributeValue v, String where) {
            if (v.s() == null) {
                throw new IllegalArgumentException(where + " must be a string (S), got " + v);
            }
            return v.s();
        }

        private static String number(AttributeValue v, String where) {
            if (v.n() == null) {
                throw new IllegalArgumentException(where + " must be a number (N), got " + v);
            }
            return v.n();
        }

        private String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }
    }
}
