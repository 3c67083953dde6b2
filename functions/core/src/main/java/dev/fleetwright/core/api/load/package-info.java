/**
 * Loading Fleetwright's configuration: Karpenter NodePools and EC2NodeClasses from YAML files, directories, named
 * texts or parsed trees (the Kubernetes API), with Karpenter's defaults and validation.
 *
 * <p>Entry point: {@link dev.fleetwright.core.api.load.ConfigLoader}, which returns a {@link
 * dev.fleetwright.core.api.load.LoadResult} holding every valid object and every {@link
 * dev.fleetwright.core.api.load.ConfigError} (formatted as {@code nodepools.yaml[1] NodePool "batch":
 * spec.template.spec.requirements[2].values: operator Gt needs exactly one non-negative integer}).
 *
 * <p>Reusable tree infrastructure for other object kinds (workloads): {@link
 * dev.fleetwright.core.api.load.YamlDocuments} splits text into {@link dev.fleetwright.core.api.load.SourceDocument}s
 * after {@link dev.fleetwright.core.api.load.EnvironmentSubstitution}; {@link
 * dev.fleetwright.core.api.load.TreeReader} and {@link dev.fleetwright.core.api.load.TreeValue} read generic trees
 * (SnakeYAML or Gson output) with field paths, type checks and unknown-field detection, reporting to {@link
 * dev.fleetwright.core.api.load.Diagnostics}; {@link dev.fleetwright.core.api.load.CoreDecoders} decodes node selector
 * requirements and taints.
 */
package dev.fleetwright.core.api.load;
