package dev.fleetwright.core.interruption;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message on the interruption queue: one of the five EC2/AWS Health events Karpenter reacts to, or Fleetwright's own
 * request to continue a drain that outlived an invocation. The AWS adapter parses the JSON AWS publishes into these
 * (raw or SQS-wrapped); see {@code events/} for samples. After Karpenter's {@code messages} ([A]
 * pkg/controllers/interruption/messages).
 */
public sealed interface InterruptionMessage
        permits InterruptionMessage.SpotInterruptionWarning,
                InterruptionMessage.RebalanceRecommendation,
                InterruptionMessage.StateChange,
                InterruptionMessage.ScheduledChange,
                InterruptionMessage.CapacityReservationInterruption,
                InterruptionMessage.ContinueDrain {

    /** The event ID (EventBridge {@code id}), for idempotency and logs. */
    String eventId();

    /** When the event happened (EventBridge {@code time}). */
    Instant eventTime();

    /** The EC2 instances it concerns. */
    List<String> instanceIds();

    /**
     * EC2 Spot Instance Interruption Warning: EC2 reclaims the instance about two minutes after {@code eventTime}.
     *
     * @param eventId the event ID
     * @param eventTime when EC2 sent it
     * @param instanceId the instance
     * @param instanceAction {@code terminate}, {@code stop} or {@code hibernate}
     */
    record SpotInterruptionWarning(String eventId, Instant eventTime, String instanceId, String instanceAction)
            implements InterruptionMessage {
        /** @throws NullPointerException if a component is null */
        public SpotInterruptionWarning {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(instanceAction, "instanceAction");
        }

        @Override
        public List<String> instanceIds() {
            return List.of(instanceId);
        }
    }

    /**
     * EC2 Instance Rebalance Recommendation: the spot instance is at elevated risk of interruption.
     *
     * @param eventId the event ID
     * @param eventTime when EC2 sent it
     * @param instanceId the instance
     */
    record RebalanceRecommendation(String eventId, Instant eventTime, String instanceId)
            implements InterruptionMessage {
        /** @throws NullPointerException if a component is null */
        public RebalanceRecommendation {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(instanceId, "instanceId");
        }

        @Override
        public List<String> instanceIds() {
            return List.of(instanceId);
        }
    }

    /**
     * EC2 Instance State-change Notification.
     *
     * @param eventId the event ID
     * @param eventTime when EC2 sent it
     * @param instanceId the instance
     * @param state pending, running, stopping, stopped, shutting-down or terminated
     */
    record StateChange(String eventId, Instant eventTime, String instanceId, String state)
            implements InterruptionMessage {
        /** @throws NullPointerException if a component is null */
        public StateChange {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public List<String> instanceIds() {
            return List.of(instanceId);
        }

        /** Whether the instance is going away: stopping, stopped, shutting-down or terminated ([A] statechange). */
        public boolean isStoppingOrTerminating() {
            return state.equals("stopping")
                    || state.equals("stopped")
                    || state.equals("shutting-down")
                    || state.equals("terminated");
        }
    }

    /**
     * AWS Health Event of service EC2, category scheduledChange (for example instance retirement).
     *
     * @param eventId the event ID
     * @param eventTime when AWS Health sent it
     * @param eventTypeCode for example {@code AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED}
     * @param instanceIds the affected instances
     * @param startTime when the change starts; null when not given
     */
    record ScheduledChange(
            String eventId, Instant eventTime, String eventTypeCode, List<String> instanceIds, Instant startTime)
            implements InterruptionMessage {
        /** Copies the list. */
        public ScheduledChange {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(eventTypeCode, "eventTypeCode");
            instanceIds = List.copyOf(instanceIds);
        }
    }

    /**
     * EC2 Capacity Reservation Instance Interruption Warning: the reservation's instance will be reclaimed.
     *
     * @param eventId the event ID
     * @param eventTime when EC2 sent it
     * @param instanceId the instance
     * @param capacityReservationId the reservation; empty when not given
     */
    record CapacityReservationInterruption(
            String eventId, Instant eventTime, String instanceId, String capacityReservationId)
            implements InterruptionMessage {
        /** Normalises a null reservation ID to empty. */
        public CapacityReservationInterruption {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(instanceId, "instanceId");
            capacityReservationId = capacityReservationId == null ? "" : capacityReservationId;
        }

        @Override
        public List<String> instanceIds() {
            return List.of(instanceId);
        }
    }

    /**
     * Fleetwright's own message: continue draining a NodeClaim whose drain outlived the invocation that started it.
     *
     * @param eventId a unique ID of this request
     * @param eventTime when it was requested
     * @param cluster the cluster
     * @param nodeClaimName the NodeClaim being drained
     */
    record ContinueDrain(String eventId, Instant eventTime, String cluster, String nodeClaimName)
            implements InterruptionMessage {
        /** @throws NullPointerException if a component is null */
        public ContinueDrain {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(nodeClaimName, "nodeClaimName");
        }

        @Override
        public List<String> instanceIds() {
            return List.of();
        }
    }
}
