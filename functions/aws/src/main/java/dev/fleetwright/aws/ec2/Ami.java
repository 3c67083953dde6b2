package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.scheduling.Requirements;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Objects;

/**
 * An AMI an EC2NodeClass resolved to, with the instance types it runs on ([A] pkg/providers/amifamily/types.go {@code
 * AMI}).
 *
 * @param id the image ID, {@code ami-...}
 * @param name the image name; empty when unknown
 * @param creationDate the creation date as EC2 reports it (RFC 3339); empty when unknown
 * @param requirements the instance types it runs on: {@code kubernetes.io/arch} from the image, plus the variant's
 *     accelerator requirements for AMIs found through an alias
 */
public record Ami(String id, String name, String creationDate, Requirements requirements) {

    /**
     * Karpenter's order ([A] {@code AMIs.Sort}): newest creation date first (unknown dates last), then by ID. An
     * instance type uses the first AMI in this order that it is compatible with.
     */
    public static final Comparator<Ami> NEWEST_FIRST =
            Comparator.comparing(Ami::createdAt).reversed().thenComparing(Ami::id);

    /** @throws NullPointerException if {@code id} or {@code requirements} is null */
    public Ami {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        creationDate = creationDate == null ? "" : creationDate;
        Objects.requireNonNull(requirements, "requirements");
    }

    /** The creation date as an instant; {@link Instant#MIN} when unknown or unparsable, so such AMIs sort last. */
    public Instant createdAt() {
        try {
            return creationDate.isEmpty() ? Instant.MIN : Instant.parse(creationDate);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
