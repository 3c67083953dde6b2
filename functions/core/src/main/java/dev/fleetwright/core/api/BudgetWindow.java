package dev.fleetwright.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a disruption budget is active: from each firing of {@code schedule} (UTC) for {@code duration} ([K]
 * pkg/apis/v1/nodepool.go {@code Budget.Schedule} and {@code Budget.Duration}, which must be set together).
 *
 * @param schedule the cron schedule, not null
 * @param duration how long each firing keeps the budget active; whole minutes or hours as Karpenter accepts them,
 *     not negative
 */
public record BudgetWindow(CronSchedule schedule, Duration duration) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the duration is negative
     */
    public BudgetWindow {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
    }

    /** Whether the schedule fired within {@code (now - duration, now]}, as Karpenter's {@code Budget.IsActive}. */
    public boolean isActive(Instant now) {
        return schedule.isWithinWindow(now, duration);
    }

    @Override
    public String toString() {
        return "\"" + schedule + "\" for " + Durations.format(duration);
    }
}
