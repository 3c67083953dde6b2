package dev.fleetwright.forwarder.pods;

import static dev.fleetwright.forwarder.fixtures.TestPods.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetwright.forwarder.fixtures.TestPods;
import dev.fleetwright.forwarder.publish.EntryPacker;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1NodeAffinity;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.openapi.models.V1TopologySpreadConstraint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PendingPodTest {

    private static V1Pod contractExample() {
        V1Pod pod = pending("inflate-5d9c97845d-0")
                .uid("1f0e0000-0000-0000-0000-000000000001")
                .requests(Map.of("cpu", "1", "memory", "1Gi"))
                .build();
        pod.getSpec().putNodeSelectorItem("karpenter.sh/nodepool", "general");
        pod.getSpec()
                .addTolerationsItem(new V1Toleration()
                        .key("workload")
                        .operator("Equal")
                        .value("batch")
                        .effect("NoSchedule"));
        return pod;
    }

    @Nested
    class Mapping {

        @Test
        @DisplayName("should carry identity, requests, node selector, tolerations and pendingSince")
        void fields() {
            PendingPod pod = PendingPod.of(contractExample());

            assertThat(pod.namespace()).isEqualTo("default");
            assertThat(pod.name()).isEqualTo("inflate-5d9c97845d-0");
            assertThat(pod.uid()).isEqualTo("1f0e0000-0000-0000-0000-000000000001");
            assertThat(pod.requests()).isEqualTo(Map.of("cpu", "1", "memory", "1Gi"));
            assertThat(pod.nodeSelector()).isEqualTo(Map.of("karpenter.sh/nodepool", "general"));
            assertThat(pod.tolerations())
                    .containsExactly(new PodToleration("workload", "Equal", "batch", "NoSchedule", null));
            assertThat(pod.hasAffinity()).isFalse();
            assertThat(pod.hasTopologySpread()).isFalse();
            assertThat(pod.pendingSince()).isEqualTo(Instant.parse("2026-11-22T09:59:58Z"));
        }

        @Test
        @DisplayName("should flag node affinity and topology spread constraints")
        void flags() {
            V1Pod pod = pending("web").build();
            pod.getSpec().affinity(new V1Affinity().nodeAffinity(new V1NodeAffinity()));
            pod.getSpec()
                    .addTopologySpreadConstraintsItem(new V1TopologySpreadConstraint()
                            .maxSkew(1)
                            .topologyKey("topology.kubernetes.io/zone")
                            .whenUnsatisfiable("DoNotSchedule"));

            PendingPod pending = PendingPod.of(pod);

            assertThat(pending.hasAffinity()).isTrue();
            assertThat(pending.hasTopologySpread()).isTrue();
        }

        @Test
        @DisplayName("should fall back to the creation time when the condition has no transition time")
        void pendingSinceFallback() {
            V1Pod pod = pending("web").build();
            pod.getStatus().getConditions().get(0).setLastTransitionTime(null);

            assertThat(PendingPod.of(pod).pendingSince()).isEqualTo(TestPods.CREATED_AT.toInstant());
        }

        @Test
        @DisplayName("should reject a pod without uid, naming the field")
        void missingUid() {
            assertThatThrownBy(() -> PendingPod.of(pending("web").uid(null).build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pod.metadata.uid");
        }
    }

    @Nested
    class Json {

        @Test
        @DisplayName("should serialise like the contract example in docs/design/events.md")
        void contractShape() throws Exception {
            ObjectMapper mapper = EntryPacker.objectMapper();

            JsonNode actual = mapper.readTree(mapper.writeValueAsString(PendingPod.of(contractExample())));

            JsonNode expected = mapper.readTree("""
                    {
                      "namespace": "default",
                      "name": "inflate-5d9c97845d-0",
                      "uid": "1f0e0000-0000-0000-0000-000000000001",
                      "requests": {"cpu": "1", "memory": "1Gi"},
                      "nodeSelector": {"karpenter.sh/nodepool": "general"},
                      "tolerations": [{"key": "workload", "operator": "Equal", "value": "batch", "effect": "NoSchedule"}],
                      "hasAffinity": false,
                      "hasTopologySpread": false,
                      "pendingSince": "2026-11-22T09:59:58Z"
                    }
                    """);
            assertThat(actual).isEqualTo(expected);
        }

        @Test
        @DisplayName("should keep tolerationSeconds and leave absent toleration fields out")
        void tolerationFields() throws Exception {
            ObjectMapper mapper = EntryPacker.objectMapper();
            PodToleration toleration = new PodToleration(null, "Exists", null, "NoExecute", 300L);

            assertThat(mapper.readTree(mapper.writeValueAsString(toleration)))
                    .isEqualTo(mapper.readTree(
                            "{\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}"));
        }

        @Test
        @DisplayName("should drop only node selector and tolerations in the reduced form")
        void reduced() {
            PendingPod pod = PendingPod.of(contractExample());

            PendingPod reduced = pod.withoutSchedulingDetail();

            assertThat(reduced.nodeSelector()).isEmpty();
            assertThat(reduced.tolerations()).isEmpty();
            assertThat(reduced.requests()).isEqualTo(pod.requests());
            assertThat(pod.identityOnly().requests()).isEmpty();
            assertThat(List.of(reduced.uid(), reduced.pendingSince())).containsExactly(pod.uid(), pod.pendingSince());
        }
    }
}
