package dev.fleetwright.core.api;

import java.util.Map;

/**
 * How an EC2NodeClass selects On-Demand Capacity Reservations ({@code spec.capacityReservationSelectorTerms[]}, [A]
 * pkg/apis/v1/ec2nodeclass.go): the fields of one term are ANDed, the terms ORed.
 *
 * @param tags tag key to value; {@code *} selects any value of the key
 * @param id a reservation ID ({@code cr-...}); empty when unset; exclusive with the other fields
 * @param ownerId the 12-digit owning account; empty when unset
 * @param instanceMatchCriteria {@code open} or {@code targeted}; empty when unset
 */
public record CapacityReservationSelectorTerm(
        Map<String, String> tags, String id, String ownerId, String instanceMatchCriteria) {

    /** Copies the tags; nulls become empty. */
    public CapacityReservationSelectorTerm {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        id = id == null ? "" : id;
        ownerId = ownerId == null ? "" : ownerId;
        instanceMatchCriteria = instanceMatchCriteria == null ? "" : instanceMatchCriteria;
    }

    @Override
    public String toString() {
        return SelectorTerms.describe(
                tags, "id", id, "ownerID", ownerId, "instanceMatchCriteria", instanceMatchCriteria);
    }
}
