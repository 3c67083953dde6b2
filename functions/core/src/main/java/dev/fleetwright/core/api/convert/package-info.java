/**
 * Conversion of pre-v1 Karpenter configuration to the v1 API, on generic YAML/JSON trees.
 *
 * <p>Users still keep configuration written for Karpenter 0.30 to 0.37: {@code karpenter.sh/v1alpha5 Provisioner} with
 * {@code karpenter.k8s.aws/v1alpha1 AWSNodeTemplate}, and {@code karpenter.sh/v1beta1 NodePool} with {@code
 * karpenter.k8s.aws/v1beta1 EC2NodeClass}. {@link dev.fleetwright.core.api.convert.ApiConversion#toV1} turns them into
 * {@code karpenter.sh/v1 NodePool} and {@code karpenter.k8s.aws/v1 EC2NodeClass} documents. Input and output are trees
 * of {@code Map<String,Object>}, {@code List}, {@code String}, {@code Number}, {@code Boolean} and {@code null}, as
 * SnakeYAML or Gson produce them, so the conversion depends on no typed API model.
 *
 * <p>The mapping follows Karpenter's own migration code and guides: [A] website content v0.32
 * upgrading/v1beta1-migration.md and v1.0 upgrading/v1-migration.md, [A] tools/karpenter-convert (release-v0.32.x),
 * [A] pkg/apis/v1alpha5/provisioner.go ({@code SetDefaults}), [A] pkg/utils/nodeclass/nodeclass.go, [K]
 * pkg/utils/nodepool/nodepool.go, [K] pkg/apis/v1/nodepool_conversion.go and [A] pkg/apis/v1/ec2nodeclass_conversion.go
 * ([K] = kubernetes-sigs/karpenter, [A] = aws/karpenter-provider-aws). Where Karpenter's converters relied on behaviour
 * the API server supplied (CRD defaults materialised in etcd), the conversion writes those values explicitly so the
 * meaning of a file does not change. Nothing is dropped silently: every field that is removed or changes meaning yields
 * a warning, and input that cannot be expressed in v1 yields an error naming the document and the field.
 */
package dev.fleetwright.core.api.convert;
