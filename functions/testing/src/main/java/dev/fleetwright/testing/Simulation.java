package dev.fleetwright.testing;

import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.interruption.Interruption;
import dev.fleetwright.core.interruption.InterruptionMessage;
import dev.fleetwright.core.provisioning.Provisioner;
import dev.fleetwright.core.provisioning.ProvisioningResult;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.ProvisioningTrigger;
import dev.fleetwright.core.termination.Terminator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One cluster and the Fleetwright use cases that serve it, on embedded backends and the virtual clock: the {@link
 * Provisioner} (with {@link SimulatedEc2}, {@link InMemoryNodeClaimStore}, {@link InMemoryUnavailableOfferings},
 * {@link InMemoryLease} and the {@link SimulatedCluster} as cluster state), and {@link Interruption} with the cluster's
 * {@link Terminator}. Deterministic: the same inputs and seed give the same run.
 *
 * <p>Time moves in ticks of one simulated second. Each tick steps the cluster, runs due scheduled actions (for example
 * an EC2 reclaim), runs a due provisioning reconcile, delivers due interruption messages, and lets the pending-pod
 * forwarder notice new unschedulable pods.
 *
 * <ul>
 *   <li><b>Interruption queue</b>: each message is delivered to its own invocation of {@link Interruption#handle}, as
 *       an SQS event source with batch size 1 and free concurrency does. A drain pass waits through the terminator's
 *       {@link Terminator.Sleeper}, which here advances the clock (to the end of the sleep or the next whole second,
 *       whichever is first) and does everything due then, like a tick: replacements launch and come up while a pass
 *       waits on a PodDisruptionBudget, and messages that fall due meanwhile are delivered in nested invocations.
 *       That models concurrent invocations without threads, with one simplification: while a nested invocation
 *       sleeps, the invocations below it on the stack are paused, so their evictions are retried only when it returns
 *       (drains in the simulation are slower than with real concurrency, never faster). An outcome with {@code
 *       continueAfter} enqueues a {@link InterruptionMessage.ContinueDrain}. A message whose handling throws {@link
 *       ConflictException} (two invocations raced on one NodeClaim) becomes visible again after {@link
 *       Settings#messageRetryDelay()}, and after {@link Settings#maxReceives()} receives goes to the dead-letter list,
 *       as SQS redrive does.
 *   <li><b>Provisioning</b>: {@link ProvisioningTrigger#provisionSoon} and the forwarder (which reports each new
 *       unschedulable pod once) schedule one reconcile {@link Settings#provisioningBatchDelay()} later, merging
 *       requests that arrive meanwhile (the SQS batching window). A sweep asks again when provisionable pods are still
 *       pending {@link Settings#sweepInterval()} after the last reconcile.
 * </ul>
 *
 * <p>Not thread-safe.
 */
public final class Simulation {

    /**
     * Simulation settings.
     *
     * @param clusterName the cluster
     * @param provisioningBatchDelay from the first provisioning request to the reconcile (the batching window)
     * @param sweepInterval how long provisionable pods may stay pending after a reconcile before a sweep asks again
     * @param messageRetryDelay how long a message that failed stays invisible before it is delivered again
     * @param maxReceives receives before a failing message goes to the dead-letter list, at least 1
     * @param terminator the terminator's settings (pass budget and eviction back-off)
     * @param seed the seed of every random choice (NodeClaim names)
     */
    public record Settings(
            String clusterName,
            Duration provisioningBatchDelay,
            Duration sweepInterval,
            Duration messageRetryDelay,
            int maxReceives,
            Terminator.Settings terminator,
            long seed) {

        /**
         * @throws IllegalArgumentException if the cluster name is blank, a duration negative, or maxReceives below 1
         */
        public Settings {
            if (clusterName == null || clusterName.isBlank()) {
                throw new IllegalArgumentException("clusterName must not be blank");
            }
            for (Duration d : List.of(
                    Objects.requireNonNull(provisioningBatchDelay, "provisioningBatchDelay"),
                    Objects.requireNonNull(sweepInterval, "sweepInterval"),
                    Objects.requireNonNull(messageRetryDelay, "messageRetryDelay"))) {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("durations must not be negative, got " + d);
                }
            }
            if (maxReceives < 1) {
                throw new IllegalArgumentException("maxReceives must be at least 1, got " + maxReceives);
            }
            Objects.requireNonNull(terminator, "terminator");
        }

        /**
         * Defaults for a cluster: 1 s batching, 60 s sweep, 30 s retry (the queue's visibility timeout), 5 receives,
         * Karpenter's eviction back-off with a 20 s pass.
         */
        public static Settings defaults(String clusterName, long seed) {
            return new Settings(
                    clusterName,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(30),
                    5,
                    Terminator.Settings.DEFAULT,
                    seed);
        }
    }

    /**
     * One delivery of an interruption message.
     *
     * @param at when it was delivered
     * @param message the message
     * @param receiveCount which receive this was (1 for the first)
     * @param outcomes the outcomes; empty when it failed
     * @param error the failure; empty when it succeeded
     */
    public record Delivery(
            Instant at,
            InterruptionMessage message,
            int receiveCount,
            List<Interruption.Outcome> outcomes,
            String error) {}

    /**
     * One provisioning reconcile.
     *
     * @param at when it ran
     * @param reasons the requests it answered
     * @param result what it did
     */
    public record Reconcile(Instant at, List<String> reasons, ProvisioningResult result) {}

    private record Queued(Instant at, long seq, InterruptionMessage message, int receives) {}

    private record Action(Instant at, long seq, Runnable run) {}

    private final Settings settings;
    private final MutableClock clock;
    private final SimulatedEc2 ec2;
    private final InMemoryNodeClaimStore store;
    private final InMemoryUnavailableOfferings unavailableOfferings;
    private final InMemoryLease lease;
    private final SimulatedCluster cluster;
    private final Provisioner provisioner;
    private final Terminator terminator;
    private final Interruption interruption;

    private final PriorityQueue<Queued> messages =
            new PriorityQueue<>(Comparator.comparing(Queued::at).thenComparingLong(Queued::seq));
    private final PriorityQueue<Action> actions =
            new PriorityQueue<>(Comparator.comparing(Action::at).thenComparingLong(Action::seq));
    private final List<Consumer<Simulation>> observers = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<Reconcile> reconciles = new ArrayList<>();
    private final List<InterruptionMessage> deadLetters = new ArrayList<>();
    private final Set<String> forwarded = new HashSet<>();
    private final List<String> pendingReasons = new ArrayList<>();
    private Instant reconcileDueAt;
    private Instant lastReconcileAt;
    private boolean started;
    private long seq;
    private long continuations;

    /**
     * @param catalog the instance catalog EC2 launches from
     * @param zones the zones the EC2NodeClasses' subnets cover
     * @param start the simulated start time
     * @param config the NodePools and EC2NodeClasses
     * @param clusterSettings the simulated controllers' timings
     * @param settings the simulation settings
     */
    public Simulation(
            InstanceTypeCatalog catalog,
            Collection<String> zones,
            Instant start,
            LoadResult config,
            SimulatedCluster.Settings clusterSettings,
            Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = new MutableClock(start);
        this.ec2 = new SimulatedEc2(catalog, clock, zones);
        this.store = new InMemoryNodeClaimStore();
        this.unavailableOfferings = new InMemoryUnavailableOfferings();
        this.lease = new InMemoryLease();
        this.cluster = new SimulatedCluster(settings.clusterName(), clock, ec2, store, config, clusterSettings);
        Random random = new Random(settings.seed());
        this.provisioner = new Provisioner(
                cluster,
                store,
                ec2,
                unavailableOfferings,
                lease,
                clock,
                () -> random,
                new Provisioner.Settings(settings.clusterName(), Duration.ofMinutes(2), 3, false));
        this.terminator =
                new Terminator(settings.clusterName(), store, cluster, ec2, clock, this::sleep, settings.terminator());
        this.interruption = new Interruption(
                store, unavailableOfferings, this::provisionSoon, this::terminatorOf, this::nodePoolsOf, clock);
    }

    // ---------------------------------------------------------------- parts

    /** The virtual clock. */
    public MutableClock clock() {
        return clock;
    }

    /** The simulated EC2. */
    public SimulatedEc2 ec2() {
        return ec2;
    }

    /** The NodeClaim records. */
    public InMemoryNodeClaimStore store() {
        return store;
    }

    /** The shared unavailable-offerings cache. */
    public InMemoryUnavailableOfferings unavailableOfferings() {
        return unavailableOfferings;
    }

    /** The simulated cluster. */
    public SimulatedCluster cluster() {
        return cluster;
    }

    /** The cluster's terminator (its sleeper runs the simulation). */
    public Terminator terminator() {
        return terminator;
    }

    /** The interruption use case. */
    public Interruption interruption() {
        return interruption;
    }

    /** The simulation settings. */
    public Settings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- inputs

    /** Puts a message on the interruption queue now. */
    public void send(InterruptionMessage message) {
        sendAt(clock.instant(), message);
    }

    /** Puts a message on the interruption queue, visible from {@code at}. */
    public void sendAt(Instant at, InterruptionMessage message) {
        messages.add(new Queued(at, seq++, Objects.requireNonNull(message, "message"), 0));
    }

    /** Runs {@code action} at the first tick at or after {@code at} (for example an EC2 reclaim). */
    public void at(Instant at, Runnable action) {
        actions.add(new Action(at, seq++, Objects.requireNonNull(action, "action")));
    }

    /** Calls {@code observer} after every cluster step, including the steps inside drain passes. */
    public void onStep(Consumer<Simulation> observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    // ---------------------------------------------------------------- outputs

    /** Every delivery of an interruption message, in order. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Every provisioning reconcile, in order. */
    public List<Reconcile> reconciles() {
        return List.copyOf(reconciles);
    }

    /** Messages that failed {@link Settings#maxReceives()} times. */
    public List<InterruptionMessage> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Messages not delivered yet (drain continuations included). */
    public int queuedMessages() {
        return messages.size();
    }

    // ---------------------------------------------------------------- time

    /** Runs for {@code duration} of simulated time. */
    public void runFor(Duration duration) {
        runUntil(clock.instant().plus(duration));
    }

    /**
     * Runs until the clock reaches {@code end}, one tick per whole second. A drain pass may carry the clock past
     * {@code end}; the run then stops after that tick.
     *
     * @param end when to stop
     */
    public void runUntil(Instant end) {
        if (!started) {
            started = true;
            runDue();
        }
        while (clock.instant().isBefore(end)) {
            Instant next = nextWholeSecond(clock.instant());
            clock.set(next.isAfter(end) ? end : next);
            runDue();
        }
    }

    /**
     * The terminator's sleeper: time passes and the world moves while a pass waits. The clock moves to the end of the
     * sleep or the next whole second, whichever is first, and everything due then runs, messages included (nested
     * invocations), so a message due while a pass sleeps is delivered within the sleep step, not a second later.
     */
    private void sleep(Duration duration) {
        Instant target = clock.instant().plus(duration);
        while (clock.instant().isBefore(target)) {
            Instant next = nextWholeSecond(clock.instant());
            clock.set(next.isAfter(target) ? target : next);
            runDue();
        }
    }

    private static Instant nextWholeSecond(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    /**
     * Steps the cluster, then runs due actions, a due reconcile, due messages and the forwarder. The reconcile runs
     * before the messages, and again after them, because a delivered message may hold the clock for a whole drain
     * pass: a reconcile due meanwhile must not wait for it.
     */
    private void runDue() {
        cluster.step();
        for (Consumer<Simulation> o : List.copyOf(observers)) {
            o.accept(this);
        }
        while (!actions.isEmpty() && !actions.peek().at().isAfter(clock.instant())) {
            actions.poll().run().run();
        }
        reconcileIfDue();
        while (!messages.isEmpty() && !messages.peek().at().isAfter(clock.instant())) {
            deliver(messages.poll());
        }
        forward();
        reconcileIfDue();
    }

    private void reconcileIfDue() {
        if (reconcileDueAt != null && !reconcileDueAt.isAfter(clock.instant())) {
            reconcile();
        }
    }

    // ---------------------------------------------------------------- the functions

    private void deliver(Queued q) {
        Instant at = clock.instant();
        int receive = q.receives() + 1;
        try {
            List<Interruption.Outcome> outcomes = interruption.handle(q.message());
            deliveries.add(new Delivery(at, q.message(), receive, outcomes, ""));
            for (Interruption.Outcome o : outcomes) {
                if (o.continueAfter() != null) {
                    messages.add(new Queued(
                            clock.instant().plus(o.continueAfter()),
                            seq++,
                            new InterruptionMessage.ContinueDrain(
                                    "continue-" + (++continuations), clock.instant(), o.cluster(), o.nodeClaimName()),
                            0));
                }
            }
        } catch (ConflictException e) {
            deliveries.add(new Delivery(at, q.message(), receive, List.of(), e.getMessage()));
            if (receive >= settings.maxReceives()) {
                deadLetters.add(q.message());
            } else {
                messages.add(
                        new Queued(clock.instant().plus(settings.messageRetryDelay()), seq++, q.message(), receive));
            }
        }
    }

    /** The pending-pod forwarder: each new unschedulable pod is reported once; a sweep catches the rest. */
    private void forward() {
        boolean anyPending = false;
        boolean anyNew = false;
        for (Pod p : cluster.unboundPods()) {
            if (p.isProvisionable()) {
                anyPending = true;
                anyNew |= forwarded.add(p.metadata().uid());
            }
        }
        if (anyNew) {
            provisionSoon(settings.clusterName(), "pending pods");
        } else if (anyPending
                && (lastReconcileAt == null
                        || !clock.instant().isBefore(lastReconcileAt.plus(settings.sweepInterval())))) {
            provisionSoon(settings.clusterName(), "sweep");
        }
    }

    private void provisionSoon(String clusterName, String reason) {
        requireCluster(clusterName);
        pendingReasons.add(reason);
        if (reconcileDueAt == null) {
            reconcileDueAt = clock.instant().plus(settings.provisioningBatchDelay());
        }
    }

    private void reconcile() {
        Instant at = clock.instant();
        List<String> reasons = List.copyOf(pendingReasons);
        pendingReasons.clear();
        reconcileDueAt = null;
        lastReconcileAt = at;
        ProvisioningResult result = provisioner.reconcile("reconcile-" + (reconciles.size() + 1));
        reconciles.add(new Reconcile(at, reasons, result));
    }

    private Terminator terminatorOf(String clusterName) {
        requireCluster(clusterName);
        return terminator;
    }

    private List<NodePool> nodePoolsOf(String clusterName) {
        requireCluster(clusterName);
        return cluster.nodePoolsAndNodeClasses().nodePools();
    }

    private void requireCluster(String clusterName) {
        if (!settings.clusterName().equals(clusterName)) {
            throw new IllegalArgumentException(
                    "cluster \"" + clusterName + "\" is not simulated (only \"" + settings.clusterName() + "\")");
        }
    }
}
