package dev.fleetwright.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of the requirement algebra, checked over random requirements on one key and a small value universe. */
class RequirementProperties {

    private static final String KEY = "example.com/k";
    private static final List<String> UNIVERSE =
            List.of("a", "b", "c", "0", "1", "2", "3", "5", "8", "13", "21", "-1", "x1");

    @Provide
    Arbitrary<Requirement> requirements() {
        Arbitrary<NodeSelectorOperator> ops = Arbitraries.of(NodeSelectorOperator.class);
        Arbitrary<List<String>> setValues =
                Arbitraries.of(UNIVERSE).list().ofMinSize(1).ofMaxSize(4).uniqueElements();
        Arbitrary<Integer> minValues = Arbitraries.integers().between(1, 3).injectNull(0.6);
        return Combinators.combine(ops, setValues, Arbitraries.integers().between(-1, 22), minValues)
                .as((op, values, bound, min) -> switch (op) {
                    case IN, NOT_IN -> Requirement.of(KEY, op, values, min);
                    case EXISTS, DOES_NOT_EXIST -> Requirement.of(KEY, op, List.of(), min);
                    case GT, LT, GTE, LTE -> Requirement.of(KEY, op, List.of(Integer.toString(bound)), min);
                });
    }

    @Property
    @Label("a value is in the intersection exactly when it is in both sets")
    void membership(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b) {
        Requirement both = a.intersection(b);
        for (String v : UNIVERSE) {
            assertThat(both.has(v)).as(v).isEqualTo(a.has(v) && b.has(v));
        }
    }

    @Property
    @Label("intersection is commutative")
    void commutative(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b) {
        assertThat(a.intersection(b)).isEqualTo(b.intersection(a));
    }

    @Property
    @Label("intersection is associative")
    void associative(
            @ForAll("requirements") Requirement a,
            @ForAll("requirements") Requirement b,
            @ForAll("requirements") Requirement c) {
        Requirement left = a.intersection(b).intersection(c);
        Requirement right = a.intersection(b.intersection(c));
        for (String v : UNIVERSE) {
            assertThat(left.has(v)).as(v).isEqualTo(right.has(v));
        }
        assertThat(left.minValues()).isEqualTo(right.minValues());
    }

    @Property
    @Label("intersection is idempotent")
    void idempotent(@ForAll("requirements") Requirement a) {
        assertThat(a.intersection(a)).isEqualTo(a);
    }

    @Property
    @Label("Exists is the identity of intersection")
    void identity(@ForAll("requirements") Requirement a) {
        assertThat(a.intersection(Requirement.exists(KEY))).isEqualTo(a);
    }

    @Property
    @Label("DoesNotExist absorbs everything")
    void absorbing(@ForAll("requirements") Requirement a) {
        assertThat(a.intersection(Requirement.doesNotExist(KEY)).isEmpty()).isTrue();
    }

    @Property
    @Label("hasIntersection agrees with the size of the intersection")
    void hasIntersection(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b) {
        assertThat(a.hasIntersection(b)).isEqualTo(a.intersection(b).len() > 0);
    }

    @Property
    @Label("a shared value implies hasIntersection")
    void soundness(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b) {
        boolean shared = UNIVERSE.stream().anyMatch(v -> a.has(v) && b.has(v));
        if (shared) {
            assertThat(a.hasIntersection(b)).isTrue();
        }
    }

    @Property
    @Label("the intersection is a subset of each side")
    void subset(@ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b) {
        Requirement both = a.intersection(b);
        for (String v : UNIVERSE) {
            if (both.has(v)) {
                assertThat(a.has(v)).isTrue();
                assertThat(b.has(v)).isTrue();
            }
        }
    }

    @Property
    @Label("writing a requirement as node selector requirements and reading it back keeps its members")
    void roundTrip(@ForAll("requirements") Requirement a) {
        List<NodeSelectorRequirement> written = a.toNodeSelectorRequirements();
        Requirement read = written.stream()
                .map(Requirement::from)
                .reduce(Requirement::intersection)
                .orElseThrow();
        for (String v : UNIVERSE) {
            assertThat(read.has(v)).as(v).isEqualTo(a.has(v));
        }
        assertThat(read.minValues()).isEqualTo(a.minValues());
    }

    @Property
    @Label("any() returns a member, or nothing only for an empty set")
    void anyIsMember(@ForAll("requirements") Requirement a) {
        a.any().ifPresent(v -> assertThat(a.has(v)).as(v).isTrue());
    }

    @Property
    @Label("requirements compose key by key: a conjunction holds a label set exactly when each key does")
    void conjunction(
            @ForAll("requirements") Requirement a, @ForAll("requirements") Requirement b, @ForAll("values") String v) {
        Requirement other = Requirement.of("example.com/other", b.operator(), b.values(), null);
        Requirements both = Requirements.of(a).and(Requirements.of(other));
        assertThat(both.get(KEY).has(v)).isEqualTo(a.has(v));
        assertThat(both.size()).isEqualTo(2);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.of(UNIVERSE);
    }
}
