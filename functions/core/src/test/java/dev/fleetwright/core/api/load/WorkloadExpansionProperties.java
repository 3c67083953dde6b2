package dev.fleetwright.core.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.KubernetesNames;
import dev.fleetwright.core.api.corev1.Pod;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Replica expansion, for any replica count and any valid name. */
class WorkloadExpansionProperties {

    private static List<Pod> expand(String kind, String name, int replicas) {
        String yaml = """
                apiVersion: apps/v1
                kind: %s
                metadata: {name: "%s"}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers: [{name: c, resources: {limits: {cpu: 100m}}}]
                """.formatted(kind, name, replicas);
        WorkloadResult r = new WorkloadLoader(Map.of()).loadSources(List.of(new NamedSource("p.yaml", yaml)));
        assertThat(r.errors()).isEmpty();
        return r.pods();
    }

    @Property(tries = 60)
    void replicasPodsWithDistinctValidNamesAndOneOwner(
            @ForAll("kinds") String kind,
            @ForAll @StringLength(min = 1, max = 40) @Chars({'a', 'b', 'z', '0', '9'}) String name,
            @ForAll @IntRange(min = 0, max = 120) int replicas) {
        List<Pod> pods = expand(kind, name, replicas);

        assertThat(pods).hasSize(replicas);
        assertThat(pods).extracting(Pod::name).doesNotHaveDuplicates();
        assertThat(pods).allSatisfy(p -> {
            assertThat(KubernetesNames.subdomainProblem(p.name())).isEmpty();
            assertThat(p.name()).startsWith(name + "-");
            assertThat(p.spec().requests().cpuMillis()).isEqualTo(100);
            assertThat(p.metadata().ownerReferences()).hasSize(1);
        });
        assertThat(pods.stream().map(p -> p.metadata().ownerReferences().get(0)).distinct())
                .hasSizeLessThanOrEqualTo(1);
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of("Deployment", "ReplicaSet", "StatefulSet");
    }
}
