package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.NodePool;
import java.util.List;
import java.util.Optional;

/**
 * What loading configuration produced: every valid object and every error, so one bad object never hides the others.
 *
 * @param nodePools the valid NodePools, in load order (files, then documents)
 * @param nodeClasses the valid EC2NodeClasses, in load order
 * @param errors every error of every source, in load order, cross-object errors last
 * @param warnings notes from converting older API versions
 * @param skipped documents that are not Fleetwright configuration
 */
public record LoadResult(
        List<NodePool> nodePools,
        List<Ec2NodeClass> nodeClasses,
        List<ConfigError> errors,
        List<String> warnings,
        List<SkippedDocument> skipped) {

    /** Copies the lists. */
    public LoadResult {
        nodePools = List.copyOf(nodePools);
        nodeClasses = List.copyOf(nodeClasses);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        skipped = List.copyOf(skipped);
    }

    /** Whether no error was found. */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The valid NodePool with this name. */
    public Optional<NodePool> nodePool(String name) {
        return nodePools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The valid EC2NodeClass with this name. */
    public Optional<Ec2NodeClass> nodeClass(String name) {
        return nodeClasses.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * This result when valid, for callers that refuse partial configuration.
     *
     * @return this
     * @throws InvalidConfigurationException listing every error, if there is any
     */
    public LoadResult orThrow() {
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(errors);
        }
        return this;
    }
}
