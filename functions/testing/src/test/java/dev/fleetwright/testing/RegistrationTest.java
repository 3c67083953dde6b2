package dev.fleetwright.testing;

import static dev.fleetwright.testing.Fixtures.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.lifecycle.Registration;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RegistrationTest {

    static final Taint CILIUM = new Taint("node.cilium.io/agent-not-ready", "true", TaintEffect.NO_EXECUTE);

    ClusterHarness h;
    Registration registration;
    VersionedNodeClaim claim;

    @BeforeEach
    void setUp() {
        h = new ClusterHarness(Fixtures.NODE_CLASS, """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: startup
                spec:
                  template:
                    spec:
                      requirements:
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: ["on-demand"]
                      startupTaints:
                        - key: node.cilium.io/agent-not-ready
                          value: "true"
                          effect: NoExecute
                      nodeClassRef:
                        group: karpenter.k8s.aws
                        kind: EC2NodeClass
                        name: default
                """);
        registration = new Registration(CLUSTER, h.store, h.cluster, h.ec2, h.clock);
        claim = h.launch("startup", "m5.xlarge", "on-demand");
    }

    NodeClaim stored() {
        return h.store.get(CLUSTER, claim.nodeClaim().name()).orElseThrow().nodeClaim();
    }

    /** The node the kubelet registers for the claim's instance, with the taints it booted with. */
    Node node(boolean ready, List<Taint> taints, Resources allocatable) {
        String instance = claim.nodeClaim().status().instanceId();
        return new Node(
                new ObjectMeta("ip-10-0-1-17.ec2.internal", "", "uid-1", Map.of(), Map.of(), List.of(), null, null),
                "aws:///us-east-1a/" + instance,
                taints,
                false,
                allocatable,
                allocatable,
                ready);
    }

    @Nested
    @DisplayName("registration")
    class Registering {

        @Test
        @DisplayName("should remove the unregistered taint, label the node and record the node name")
        void registers() {
            h.cluster.addNode(node(false, List.of(Taint.UNREGISTERED, CILIUM), Resources.ofCpuMemoryMiB(1930, 6903)));

            Registration.Result r = registration.reconcile(h.cluster.nodes());

            assertThat(r.registered()).isEqualTo(1);
            Node node = h.cluster.node("ip-10-0-1-17.ec2.internal").orElseThrow();
            assertThat(node.taints()).containsExactly(CILIUM);
            assertThat(node.metadata().labels()).containsEntry(Labels.REGISTERED, "true");
            assertThat(stored().status().phase()).isEqualTo(NodeClaimPhase.REGISTERED);
            assertThat(stored().status().nodeName()).isEqualTo("ip-10-0-1-17.ec2.internal");
        }

        @Test
        @DisplayName("should leave a NodeClaim without a node alone until the registration timeout")
        void waits() {
            h.clock.advance(NodeClaim.REGISTRATION_TIMEOUT.minusSeconds(1));

            Registration.Result r = registration.reconcile(h.cluster.nodes());

            assertThat(r).isEqualTo(new Registration.Result(0, 0, 0));
            assertThat(stored().status().phase()).isEqualTo(NodeClaimPhase.LAUNCHED);
            assertThat(h.ec2.terminatedInstances()).isEmpty();
        }

        @Test
        @DisplayName("should terminate the instance and fail the NodeClaim after the registration timeout")
        void timesOut() {
            h.clock.advance(NodeClaim.REGISTRATION_TIMEOUT.plusSeconds(1));

            Registration.Result r = registration.reconcile(h.cluster.nodes());

            assertThat(r.timedOut()).isEqualTo(1);
            assertThat(stored().status().phase()).isEqualTo(NodeClaimPhase.FAILED);
            assertThat(h.ec2.terminatedInstances())
                    .containsExactly(claim.nodeClaim().status().instanceId());
        }
    }

    @Nested
    @DisplayName("initialization")
    class Initializing {

        @Test
        @DisplayName("should wait while a startup taint remains, then initialize once it is gone and the node is Ready")
        void startupTaint() {
            h.cluster.addNode(node(true, List.of(Taint.UNREGISTERED, CILIUM), Resources.ofCpuMemoryMiB(1930, 6903)));
            registration.reconcile(h.cluster.nodes());

            registration.reconcile(h.cluster.nodes());
            assertThat(stored().status().phase()).isEqualTo(NodeClaimPhase.REGISTERED);

            h.cluster.removeTaint("ip-10-0-1-17.ec2.internal", CILIUM);
            Registration.Result r = registration.reconcile(h.cluster.nodes());

            assertThat(r.initialized()).isEqualTo(1);
            assertThat(stored().status().phase()).isEqualTo(NodeClaimPhase.INITIALIZED);
            assertThat(h.cluster
                            .node("ip-10-0-1-17.ec2.internal")
                            .orElseThrow()
                            .metadata()
                            .labels())
                    .containsEntry(Labels.INITIALIZED, "true");
        }

        @Test
        @DisplayName("should wait while the node is not Ready")
        void notReady() {
            h.cluster.addNode(node(false, List.of(Taint.UNREGISTERED), Resources.ofCpuMemoryMiB(1930, 6903)));
            registration.reconcile(h.cluster.nodes());
            registration.reconcile(h.cluster.nodes());

            assertThat(stored().status().phase()).isEqualTo(NodeClaimPhase.REGISTERED);
        }
    }
}
