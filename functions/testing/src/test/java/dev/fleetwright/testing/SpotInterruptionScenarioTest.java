package dev.fleetwright.testing;

import static dev.fleetwright.testing.Fixtures.CLUSTER;
import static dev.fleetwright.testing.Fixtures.NODE_CLASS;
import static dev.fleetwright.testing.Fixtures.ZONES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.CloudInstance;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.interruption.Interruption;
import dev.fleetwright.core.interruption.InterruptionMessage;
import dev.fleetwright.core.state.UnavailableOfferings;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The end-to-end spot interruption scenario on the simulated cluster, EC2 and clock.
 *
 * <p>Workload: a Deployment {@code inflate} of {@value #REPLICAS} pods of {@value #POD_CPU_MILLIS}m CPU and 1 GiB on a
 * spot NodePool of c/m/r amd64 types with 4 or 8 vCPUs. An 8-vCPU type has about 7.9 allocatable vCPUs, so it holds
 * four such pods (7.0 vCPU, 89% of allocatable) and not five, and a 4-vCPU type holds two: the provisioner launches
 * 20 NodeClaims of four pods on 8-vCPU types, and the 15 nodes that stay have no room for the pods of the 5 that go
 * (0.9 vCPU free each), so replacements must launch. The PodDisruptionBudget is {@code maxUnavailable: 10%}: 8 of 80
 * (a percentage rounded up), so at most 8 of the 20 displaced pods may be evicted before replacements are healthy.
 *
 * <p>Timeline: steady state first (launch, registration 45 s after launch, pods Running 2 s after binding); at {@code
 * T0} = start + 5 min, 5 of the 20 nodes get a spot interruption warning at once, and EC2 reclaims those instances
 * at {@code T0 + 120 s}. The duplicate run delivers every warning twice, and once more 150 s after {@code T0}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpotInterruptionScenarioTest {

    static final int REPLICAS = 80;
    static final long POD_CPU_MILLIS = 1750;
    static final int NODES = 20;
    static final int INTERRUPTED = 5;
    static final String PDB = "default/inflate";
    static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant T0 = START.plus(Duration.ofMinutes(5));
    static final Instant NOTICE_ENDS = T0.plusSeconds(120);
    static final Instant END = T0.plus(Duration.ofMinutes(6));

    /** What one run of the scenario left behind. */
    record Run(
            Simulation sim,
            List<String> interruptedInstances,
            List<String> interruptedClaims,
            Set<OfferingKey> interruptedOfferings,
            List<String> steadyStateProblems,
            List<String> problemsAfterNotice,
            Instant allRunningAgainAt,
            int minRunningAfterT0,
            int minRunningBeforeReclaim,
            List<String> timeline) {}

    Run single;
    Run duplicated;
    Run tight;

    @BeforeAll
    void runScenarios() {
        single = run(false);
        duplicated = run(true);
        tight = run(false, "1");
        single.timeline().forEach(line -> System.out.println("[spot-interruption] " + line));
        tight.timeline().forEach(line -> System.out.println("[spot-interruption maxUnavailable=1] " + line));
    }

    static boolean isInflate(Pod p) {
        return "inflate".equals(p.metadata().labels().get("app"));
    }

    static Run run(boolean duplicates) {
        return run(duplicates, "10%");
    }

    static Run run(boolean duplicates, String maxUnavailable) {
        Simulation sim = new Simulation(
                InstanceTypeCatalog.bundled(),
                ZONES,
                START,
                Fixtures.config(NODE_CLASS, Fixtures.nodePool("spot", "spot", "")),
                SimulatedCluster.Settings.DEFAULT,
                Simulation.Settings.defaults(CLUSTER, 42));
        SimulatedCluster cluster = sim.cluster();
        cluster.createDeployment(
                "default", "inflate", REPLICAS, Fixtures.template(Map.of("app", "inflate"), POD_CPU_MILLIS, 1024));
        cluster.putPodDisruptionBudget(PodDisruptionBudget.maxUnavailable(
                "default",
                "inflate",
                LabelSelector.of(Map.of("app", "inflate")),
                PodDisruptionBudget.IntOrPercent.parse(maxUnavailable)));

        sim.runUntil(T0.minusSeconds(1));
        List<String> steady = steadyStateProblems(sim);

        List<Node> nodes = cluster.nodes();
        List<String> instances = new ArrayList<>();
        List<String> claims = new ArrayList<>();
        for (int i = 0; i < INTERRUPTED; i++) {
            Node n = nodes.get(i * (nodes.size() / INTERRUPTED));
            instances.add(n.instanceId());
            claims.add(cluster.nodeClaimOf(n.name()).orElseThrow());
        }
        Set<OfferingKey> offerings = instances.stream()
                .map(id -> sim.store()
                        .findByInstanceId(id)
                        .orElseThrow()
                        .nodeClaim()
                        .nodeClaim())
                .map(c -> new OfferingKey(c.status().instanceType(), c.status().zone(), CapacityType.SPOT))
                .collect(Collectors.toSet());

        for (int i = 0; i < instances.size(); i++) {
            InterruptionMessage warning =
                    new InterruptionMessage.SpotInterruptionWarning("warning-" + i, T0, instances.get(i), "terminate");
            sim.sendAt(T0, warning);
            if (duplicates) {
                sim.sendAt(T0, warning);
                sim.sendAt(T0.plusSeconds(150), warning);
            }
            String id = instances.get(i);
            sim.at(NOTICE_ENDS, () -> sim.ec2().reclaim(id));
        }

        List<String> afterNotice = new ArrayList<>();
        Instant[] recovered = {null};
        int[] minRunning = {Integer.MAX_VALUE};
        int[] minBeforeReclaim = {Integer.MAX_VALUE};
        sim.onStep(s -> {
            Instant now = s.clock().instant();
            if (now.isBefore(T0)) {
                return;
            }
            long running = s.cluster().pods().stream()
                    .filter(SpotInterruptionScenarioTest::isInflate)
                    .filter(p -> s.cluster().isHealthy(p))
                    .count();
            long waiting = s.cluster().pods().stream()
                    .filter(SpotInterruptionScenarioTest::isInflate)
                    .filter(p -> !p.isTerminating() && !s.cluster().isHealthy(p))
                    .count();
            minRunning[0] = (int) Math.min(minRunning[0], running);
            if (now.isBefore(NOTICE_ENDS)) {
                minBeforeReclaim[0] = (int) Math.min(minBeforeReclaim[0], running);
            }
            if (running == REPLICAS && waiting == 0) {
                if (recovered[0] == null) {
                    recovered[0] = now;
                }
            } else {
                recovered[0] = null;
                if (!now.isBefore(NOTICE_ENDS)) {
                    afterNotice.add(now + ": " + running + " Running, " + waiting + " not yet");
                }
            }
        });
        sim.runUntil(END);

        return new Run(
                sim,
                instances,
                claims,
                offerings,
                steady,
                afterNotice,
                recovered[0],
                minRunning[0],
                minBeforeReclaim[0],
                timeline(sim, claims, recovered[0], minRunning[0]));
    }

    static List<String> steadyStateProblems(Simulation sim) {
        List<String> problems = new ArrayList<>();
        List<NodeClaim> claims = claims(sim);
        if (claims.size() != NODES) {
            problems.add(claims.size() + " NodeClaims, expected " + NODES);
        }
        claims.stream()
                .filter(c -> c.status().phase() != NodeClaimPhase.INITIALIZED)
                .forEach(c -> problems.add(c.name() + " is " + c.status().phase()));
        if (sim.cluster().nodes().size() != NODES) {
            problems.add(sim.cluster().nodes().size() + " nodes");
        }
        long running = sim.cluster().pods().stream()
                .filter(p -> sim.cluster().isHealthy(p))
                .count();
        if (running != REPLICAS) {
            problems.add(running + " pods Running");
        }
        return problems;
    }

    static List<NodeClaim> claims(Simulation sim) {
        return sim.store().list(CLUSTER).stream()
                .map(VersionedNodeClaim::nodeClaim)
                .toList();
    }

    static List<NodeClaim> replacements(Run r) {
        return claims(r.sim()).stream()
                .filter(c -> !c.status().createdAt().isBefore(T0))
                .toList();
    }

    static List<String> timeline(Simulation sim, List<String> interrupted, Instant recovered, int minRunning) {
        Map<Instant, List<String>> events = new TreeMap<>();
        for (NodeClaim c : claims(sim)) {
            if (interrupted.contains(c.name())) {
                add(events, c.status().terminatedAt(), "interrupted " + c.name() + " Terminated");
            } else if (!c.status().createdAt().isBefore(T0)) {
                String what = c.name() + " (" + c.status().instanceType() + " "
                        + c.status().zone() + ")";
                add(events, c.status().launchedAt(), "replacement " + what + " launched");
                add(events, c.status().registeredAt(), "replacement " + what + " registered");
                add(events, c.status().initializedAt(), "replacement " + what + " initialized");
            }
        }
        for (SimulatedCluster.Disruption d : sim.cluster().disruptions()) {
            if (!d.at().isBefore(T0)) {
                add(events, d.at(), d.kind() + " " + d.podKey() + " from " + d.nodeName());
            }
        }
        List<NodeClaim> initial = claims(sim).stream()
                .filter(c -> c.status().createdAt().isBefore(T0))
                .toList();
        initial.stream()
                .map(c -> c.status().launchedAt())
                .max(Instant::compareTo)
                .ifPresent(at -> add(events, at, initial.size() + " initial NodeClaims launched (by then)"));
        initial.stream()
                .map(c -> c.status().registeredAt())
                .max(Instant::compareTo)
                .ifPresent(at -> add(events, at, initial.size() + " initial nodes registered (by then)"));
        for (String name : interrupted) {
            NodeClaim c = sim.store().get(CLUSTER, name).orElseThrow().nodeClaim();
            add(
                    events,
                    T0,
                    "spot warning for " + c.status().instanceId() + " of " + name + " ("
                            + c.status().instanceType() + " " + c.status().zone() + ")");
        }
        for (String id : sim.ec2().reclaimedInstances()) {
            add(events, NOTICE_ENDS, "EC2 reclaimed " + id);
        }
        add(events, recovered, "all " + REPLICAS + " pods Running again (lowest after T0: " + minRunning + ")");
        List<String> lines = new ArrayList<>();
        events.forEach((at, what) -> what.forEach(w -> lines.add("T0" + (at.isBefore(T0) ? "-" : "+")
                + Duration.between(T0, at).abs().toMillis() / 1000.0 + "s " + w)));
        return lines;
    }

    private static void add(Map<Instant, List<String>> events, Instant at, String what) {
        if (at != null) {
            events.computeIfAbsent(at, k -> new ArrayList<>()).add(what);
        }
    }

    @Test
    @DisplayName("should reach a steady state of 20 initialized spot nodes running all 80 pods before the warnings")
    void steadyState() {
        assertThat(single.steadyStateProblems()).isEmpty();
        assertThat(duplicated.steadyStateProblems()).isEmpty();
        assertThat(single.interruptedClaims()).hasSize(INTERRUPTED).doesNotHaveDuplicates();
    }

    @Nested
    @DisplayName("replacements")
    class Replacements {

        @Test
        @DisplayName("should launch new NodeClaims for the displaced pods")
        void launched() {
            List<NodeClaim> replacements = replacements(single);
            assertThat(replacements).isNotEmpty();
            long displacedCpu = (long) INTERRUPTED * (REPLICAS / NODES) * POD_CPU_MILLIS;
            assertThat(replacements.stream()
                            .mapToLong(c -> c.status().allocatable().cpuMillis())
                            .sum())
                    .as("replacement CPU holds the displaced pods")
                    .isGreaterThanOrEqualTo(displacedCpu);
            assertThat(replacements)
                    .allSatisfy(c -> assertThat(c.status().isReady())
                            .as(c.name() + " ready")
                            .isTrue());
        }

        @Test
        @DisplayName("should mark the interrupted offerings unavailable and launch nothing on them while they are")
        void avoidsInterruptedOfferings() {
            Set<OfferingKey> unavailable = single.sim().unavailableOfferings().unavailable(T0.plusSeconds(1));
            assertThat(unavailable).containsAll(single.interruptedOfferings());
            Instant until = T0.plus(UnavailableOfferings.DEFAULT_TTL);
            assertThat(replacements(single))
                    .filteredOn(c -> c.status().createdAt().isBefore(until))
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(new OfferingKey(
                                    c.status().instanceType(), c.status().zone(), CapacityType.SPOT))
                            .isNotIn(single.interruptedOfferings()));
        }
    }

    @Nested
    @DisplayName("availability")
    class Availability {

        @Test
        @DisplayName("should have every pod of the Deployment Running again before the two-minute notice ends")
        void runningBeforeNoticeEnds() {
            assertThat(single.allRunningAgainAt()).isNotNull().isBefore(NOTICE_ENDS);
            assertThat(single.minRunningAfterT0())
                    .as("the interruption did displace pods")
                    .isLessThan(REPLICAS);
            assertThat(single.problemsAfterNotice()).isEmpty();
            assertThat(duplicated.allRunningAgainAt()).isNotNull().isBefore(NOTICE_ENDS);
            assertThat(duplicated.problemsAfterNotice()).isEmpty();
        }

        @Test
        @DisplayName("should never let an eviction or deletion take the PodDisruptionBudget below its desired health")
        void noBudgetViolation() {
            for (Run r : List.of(single, duplicated)) {
                assertThat(r.sim().cluster().pdbViolations()).isEmpty();
                assertThat(r.sim().cluster().disruptions())
                        .filteredOn(d -> d.kind() == SimulatedCluster.DisruptionKind.EVICTION)
                        .as("pods were evicted, under the budget")
                        .hasSizeGreaterThanOrEqualTo(INTERRUPTED * (REPLICAS / NODES));
                assertThat(r.minRunningAfterT0())
                        .as("never fewer healthy than desired: 80 − ceil(10% of 80)")
                        .isGreaterThanOrEqualTo(REPLICAS - 8);
            }
        }
    }

    @Nested
    @DisplayName("tracking")
    class Tracking {

        @Test
        @DisplayName("should have a NodeClaim record for every instance EC2 ever launched")
        void everyInstanceTracked() {
            for (Run r : List.of(single, duplicated)) {
                Set<String> recorded = claims(r.sim()).stream()
                        .map(c -> c.status().instanceId())
                        .collect(Collectors.toSet());
                assertThat(r.sim().ec2().allInstances())
                        .extracting(CloudInstance::instanceId)
                        .allSatisfy(id -> assertThat(recorded).contains(id));
            }
        }

        @Test
        @DisplayName("should end the interrupted NodeClaims Terminated, their instances terminated by Fleetwright")
        void interruptedTerminated() {
            for (Run r : List.of(single, duplicated)) {
                for (String name : r.interruptedClaims()) {
                    NodeClaim c =
                            r.sim().store().get(CLUSTER, name).orElseThrow().nodeClaim();
                    assertThat(c.status().phase()).as(name).isEqualTo(NodeClaimPhase.TERMINATED);
                    assertThat(c.status().terminatedAt()).as(name).isBefore(NOTICE_ENDS);
                }
                assertThat(r.sim().ec2().terminatedInstances()).containsAll(r.interruptedInstances());
                assertThat(r.sim().ec2().reclaimedInstances())
                        .as("drained and terminated before EC2 reclaimed them")
                        .isEmpty();
            }
        }

        @Test
        @DisplayName("should leave no running instance without a live NodeClaim, and no message unprocessed")
        void noOrphans() {
            for (Run r : List.of(single, duplicated)) {
                for (CloudInstance i : r.sim().ec2().instances()) {
                    NodeClaim c = r.sim()
                            .store()
                            .findByInstanceId(i.instanceId())
                            .orElseThrow()
                            .nodeClaim()
                            .nodeClaim();
                    assertThat(c.status().phase().isTerminal())
                            .as(i.instanceId() + " of " + c.name())
                            .isFalse();
                }
                assertThat(r.sim().ec2().instances()).hasSize(NODES);
                assertThat(r.sim().deadLetters()).isEmpty();
            }
        }
    }

    @Nested
    @DisplayName("duplicate and late delivery")
    class Duplicates {

        @Test
        @DisplayName("should launch exactly as many replacements as a single delivery does")
        void noExtraNodeClaims() {
            assertThat(replacements(duplicated)).hasSameSizeAs(replacements(single));
            assertThat(claims(duplicated.sim())).hasSameSizeAs(claims(single.sim()));
            assertThat(duplicated.sim().ec2().allInstances())
                    .hasSameSizeAs(single.sim().ec2().allInstances());
        }

        @Test
        @DisplayName("should retry a copy that raced another on the same NodeClaim until it converges")
        void racingCopiesConverge() {
            List<Simulation.Delivery> deliveries = duplicated.sim().deliveries();
            List<Simulation.Delivery> conflicts =
                    deliveries.stream().filter(d -> !d.error().isEmpty()).toList();
            assertThat(conflicts).as("concurrent copies did race").isNotEmpty();
            for (Simulation.Delivery failed : conflicts) {
                assertThat(deliveries)
                        .as("retried: " + failed.message().eventId())
                        .anySatisfy(d -> {
                            assertThat(d.message()).isSameAs(failed.message());
                            assertThat(d.receiveCount()).isGreaterThan(failed.receiveCount());
                            assertThat(d.error()).isEmpty();
                        });
            }
            assertThat(single.sim().deliveries())
                    .allSatisfy(d -> assertThat(d.error()).isEmpty());
        }

        @Test
        @DisplayName("should ignore the warning delivered after the NodeClaim was terminated")
        void lateWarningIgnored() {
            List<Simulation.Delivery> late = duplicated.sim().deliveries().stream()
                    .filter(d -> d.message() instanceof InterruptionMessage.SpotInterruptionWarning)
                    .filter(d -> !d.at().isBefore(T0.plusSeconds(150)))
                    .toList();
            assertThat(late)
                    .hasSize(INTERRUPTED)
                    .allSatisfy(d -> assertThat(d.outcomes())
                            .singleElement()
                            .satisfies(
                                    o -> assertThat(o.action()).isEqualTo(Interruption.Action.IGNORED_ALREADY_GONE)));
        }
    }

    /**
     * The same interruption under {@code maxUnavailable: 1}: drains are too slow for the notice, so EC2 reclaims nodes
     * that still run pods. Those losses are involuntary; Fleetwright must not count them as its own, must not wait for
     * the node lifecycle to notice, and must still converge.
     */
    @Nested
    @DisplayName("with a budget too tight to drain within the notice")
    class TightBudget {

        @Test
        @DisplayName("should never evict below the budget, though EC2 takes pods with the nodes it reclaims")
        void involuntaryLossIsNoViolation() {
            SimulatedCluster cluster = tight.sim().cluster();
            assertThat(tight.minRunningBeforeReclaim()).isGreaterThanOrEqualTo(REPLICAS - 1);
            assertThat(tight.sim().ec2().reclaimedInstances())
                    .as("EC2 took some nodes first")
                    .isNotEmpty();
            assertThat(cluster.disruptions())
                    .as("pods went with reclaimed nodes")
                    .anySatisfy(d -> assertThat(d.wasHealthy()).isFalse());
            assertThat(cluster.pdbViolations()).isEmpty();
        }

        @Test
        @DisplayName("should delete a reclaimed node as soon as it is NotReady, not after the node lifecycle's grace")
        void doesNotWaitForNodeLifecycle() {
            for (String name : tight.interruptedClaims()) {
                NodeClaim c =
                        tight.sim().store().get(CLUSTER, name).orElseThrow().nodeClaim();
                assertThat(c.status().phase()).as(name).isEqualTo(NodeClaimPhase.TERMINATED);
                assertThat(c.status().terminatedAt())
                        .as(name + " finished before the node lifecycle would have deleted its node")
                        .isBefore(NOTICE_ENDS.plus(SimulatedCluster.Settings.DEFAULT.nodeLostGrace()));
            }
            assertThat(tight.sim().cluster().disruptions())
                    .noneMatch(d -> d.kind() == SimulatedCluster.DisruptionKind.NODE_LOST);
        }

        @Test
        @DisplayName("should converge: every pod Running again, nothing untracked, no orphan instance")
        void converges() {
            assertThat(tight.allRunningAgainAt()).isNotNull().isBefore(END);
            Set<String> recorded = claims(tight.sim()).stream()
                    .map(c -> c.status().instanceId())
                    .collect(Collectors.toSet());
            assertThat(tight.sim().ec2().allInstances())
                    .extracting(CloudInstance::instanceId)
                    .allSatisfy(id -> assertThat(recorded).contains(id));
            assertThat(tight.sim().ec2().instances()).hasSize(NODES);
            assertThat(replacements(tight)).hasSameSizeAs(replacements(single));
            assertThat(tight.sim().deadLetters()).isEmpty();
        }
    }
}
