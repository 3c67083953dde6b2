package dev.fleetwright.testing;

import static dev.fleetwright.testing.Fixtures.CLUSTER;
import static dev.fleetwright.testing.Fixtures.NODE_CLASS;
import static dev.fleetwright.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.DisruptionReason;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.provisioning.Provisioner;
import dev.fleetwright.core.provisioning.ProvisioningResult;
import dev.fleetwright.core.state.VersionedNodeClaim;
import dev.fleetwright.core.termination.Terminator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Pods of a node being drained count as pending for the provisioner ([K] provisioner.go {@code deletingNodePods}), so
 * their replacement capacity launches while the node drains, not after it is gone.
 */
class DrainingReplacementTest {

    @Test
    @DisplayName("should plan the pods of a draining node and launch their replacement while the node still drains")
    void replacesWhileDraining() {
        ClusterHarness h = new ClusterHarness(NODE_CLASS, Fixtures.nodePool("general", "on-demand", ""));
        String node = h.node("general", "m5.2xlarge", "on-demand");
        String drained = h.cluster.nodeClaimOf(node).orElseThrow();
        for (int i = 0; i < 4; i++) {
            h.run(
                    pod("web-" + i)
                            .labels(Map.of("app", "web"))
                            .ownedBy("ReplicaSet", "web-rs")
                            .cpu(1500),
                    node);
        }
        // No disruption allowed: the drain keeps waiting, the node and its pods stay.
        h.cluster.putPodDisruptionBudget(PodDisruptionBudget.minAvailable(
                "default", "web", LabelSelector.of(Map.of("app", "web")), PodDisruptionBudget.IntOrPercent.parse("4")));
        Random seeded = new Random(42);
        Provisioner provisioner = new Provisioner(
                h.cluster,
                h.store,
                h.ec2,
                h.unavailable,
                new InMemoryLease(),
                h.clock,
                () -> seeded,
                new Provisioner.Settings(CLUSTER, Duration.ofMinutes(2), 3, false));

        ProvisioningResult before = provisioner.reconcile("before");
        assertThat(before.podsConsidered())
                .as("nothing pending while the node is healthy")
                .isZero();
        assertThat(before.nodeClaimsCreated()).isZero();

        Terminator.Status pass =
                h.terminator(Terminator.Settings.DEFAULT).terminate(h.claim(drained), DisruptionReason.INTERRUPTED);
        assertThat(pass).isInstanceOf(Terminator.Status.Draining.class);

        ProvisioningResult during = provisioner.reconcile("during");
        assertThat(during.podsConsidered()).as("the draining node's four pods").isEqualTo(4);
        assertThat(during.unschedulable()).isEmpty();
        assertThat(during.nodeClaimsCreated()).isPositive();
        List<NodeClaim> replacements = h.store.list(CLUSTER).stream()
                .map(VersionedNodeClaim::nodeClaim)
                .filter(c -> !c.name().equals(drained))
                .toList();
        assertThat(replacements)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.status().phase()).isEqualTo(NodeClaimPhase.LAUNCHED));
        long cpu = replacements.stream()
                .mapToLong(c -> c.status().allocatable().cpuMillis())
                .sum();
        assertThat(cpu).as("room for the four 1,500m pods").isGreaterThanOrEqualTo(6_000);
        assertThat(h.claim(drained).nodeClaim().status().phase()).isEqualTo(NodeClaimPhase.DRAINING);
        assertThat(h.cluster.node(node)).as("the drained node is still there").isPresent();

        ProvisioningResult again = provisioner.reconcile("again");
        assertThat(again.nodeClaimsCreated())
                .as("the replacements count as in-flight capacity: a second trigger launches nothing more")
                .isZero();
    }
}
