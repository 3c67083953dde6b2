package dev.fleetwright.core.api;

import java.util.Map;
import java.util.Optional;

/**
 * How an EC2NodeClass selects AMIs ({@code spec.amiSelectorTerms[]}, [A] pkg/apis/v1/ec2nodeclass.go {@code
 * AMISelectorTerm}): the fields of one term are ANDed, the terms ORed. String fields are empty when unset.
 *
 * @param alias an EKS-optimized AMI alias such as {@code al2023@latest}; the only term when set
 * @param tags tag key to value; {@code *} selects any value of the key
 * @param id an AMI ID ({@code ami-...}); exclusive with alias, tags, name and owner
 * @param name an AMI name (may contain wildcards)
 * @param owner the AMI owner: account IDs, {@code self}, {@code amazon} or {@code aws-marketplace}
 * @param ssmParameter the name or ARN of an SSM parameter holding the AMI ID
 */
public record AmiSelectorTerm(
        String alias, Map<String, String> tags, String id, String name, String owner, String ssmParameter) {

    /** Copies the tags; nulls become empty. */
    public AmiSelectorTerm {
        alias = alias == null ? "" : alias;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        id = id == null ? "" : id;
        name = name == null ? "" : name;
        owner = owner == null ? "" : owner;
        ssmParameter = ssmParameter == null ? "" : ssmParameter;
    }

    /** A term selecting the alias {@code al2023@latest} style. */
    public static AmiSelectorTerm ofAlias(String alias) {
        return new AmiSelectorTerm(alias, null, null, null, null, null);
    }

    /** A term selecting one AMI by ID. */
    public static AmiSelectorTerm ofId(String id) {
        return new AmiSelectorTerm(null, null, id, null, null, null);
    }

    /**
     * The parsed alias, if this term has one.
     *
     * @throws IllegalArgumentException if the alias is malformed (never for a validated EC2NodeClass)
     */
    public Optional<AmiAlias> parsedAlias() {
        return alias.isEmpty() ? Optional.empty() : Optional.of(AmiAlias.parse(alias));
    }

    @Override
    public String toString() {
        return SelectorTerms.describe(
                tags, "alias", alias, "id", id, "name", name, "owner", owner, "ssmParameter", ssmParameter);
    }
}
