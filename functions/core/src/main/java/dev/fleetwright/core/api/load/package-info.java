/**
 * Loading Fleetwright's input: Karpenter NodePools and EC2NodeClasses (configuration), and Kubernetes workload
 * manifests (the pods to schedule), from YAML files, directories, named texts or parsed trees (the Kubernetes API),
 * with Kubernetes' and Karpenter's defaults and validation.
 *
 * <p>Entry points: {@link dev.fleetwright.core.api.load.ConfigLoader}, which returns a {@link
 * dev.fleetwright.core.api.load.LoadResult}, and {@link dev.fleetwright.core.api.load.WorkloadLoader}, which turns
 * Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and Lists into pending and bound pods and DaemonSets
 * ({@link dev.fleetwright.core.api.load.WorkloadResult}). Both hold every valid object and every {@link
 * dev.fleetwright.core.api.load.ConfigError} (formatted as {@code nodepools.yaml[1] NodePool "batch":
 * spec.template.spec.requirements[2].values: operator Gt needs exactly one non-negative integer}), and each skips the
 * other's kinds, so one directory may hold both.
 *
 * <p>Shared tree infrastructure: {@link dev.fleetwright.core.api.load.YamlDocuments} splits text into {@link
 * dev.fleetwright.core.api.load.SourceDocument}s after {@link dev.fleetwright.core.api.load.EnvironmentSubstitution};
 * {@link dev.fleetwright.core.api.load.TreeReader} and {@link dev.fleetwright.core.api.load.TreeValue} read generic
 * trees (SnakeYAML or Gson output) with field paths, type checks and unknown-field detection, reporting to {@link
 * dev.fleetwright.core.api.load.Diagnostics}; {@link dev.fleetwright.core.api.load.CoreDecoders} decodes NodePool
 * requirements and taints; {@link dev.fleetwright.core.api.load.WorkloadDecoder} decodes one workload object.
 */
package dev.fleetwright.core.api.load;
