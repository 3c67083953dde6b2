package dev.fleetwright.aws.ec2;

import dev.fleetwright.aws.ec2.userdata.BootstrapOptions;
import dev.fleetwright.aws.ec2.userdata.UserData;
import dev.fleetwright.aws.ec2.userdata.UserDataException;
import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Ec2NodeClassSpec;
import dev.fleetwright.core.api.InstanceStorePolicy;
import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.CloudInstance;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.cloudprovider.CloudProviderException;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.InstanceTypeInfo;
import dev.fleetwright.core.cloudprovider.InstanceTypes;
import dev.fleetwright.core.cloudprovider.InsufficientCapacityException;
import dev.fleetwright.core.cloudprovider.LaunchRequest;
import dev.fleetwright.core.cloudprovider.LaunchResult;
import dev.fleetwright.core.cloudprovider.NodeClaimNotFoundException;
import dev.fleetwright.core.cloudprovider.NodeClassNotReadyException;
import dev.fleetwright.core.cloudprovider.NodeOverheadSettings;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FleetCapacityReservationUsageStrategy;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetOnDemandAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycle;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The {@link CloudProvider} on EC2, after Karpenter's AWS cloud provider ([A] pkg/cloudprovider/cloudprovider.go,
 * pkg/providers/instance/instance.go).
 *
 * <ul>
 *   <li>{@link #instanceTypes}: the bundled catalog resolved with the EC2NodeClass's overhead settings, offerings kept in
 *       the zones of its subnets, types kept when one of its AMIs runs them. Unavailable offerings are core's to mark.
 *   <li>{@link #launch}: looks the NodeClaim's instance up by tag first (crash-safe idempotence; CreateFleet's {@code
 *       ClientToken} is the NodeClaim name too), resolves the EC2NodeClass, plans with {@link LaunchPlanner}, ensures
 *       one launch template per AMI and pod capacity ({@link LaunchTemplates}), and calls CreateFleet {@code instant}
 *       for one instance. {@code Errors[]} with capacity codes become {@link OfferingKey}s.
 *   <li>{@link #terminate}, {@link #instances}, {@link #instanceOf}: DescribeInstances by ID or by the tags {@code
 *       eks:eks-cluster-name} and {@code karpenter.sh/nodeclaim}, paginated.
 * </ul>
 *
 * <p>Safe for concurrent use; caches are internally synchronized. It logs nothing: failures are typed exceptions.
 */
public final class Ec2CloudProvider implements CloudProvider {

    /**
     * The states of instances that exist for Fleetwright: not shutting down and not terminated (as {@link
     * CloudInstance#isTerminating()} sees it).
     */
    static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    /** EC2's limit on CreateFleet client tokens. */
    static final int MAX_CLIENT_TOKEN_LENGTH = 64;

    /** Karpenter's label that stops it from copying taints onto the Node (the bootstrap registers them). */
    static final String DO_NOT_SYNC_TAINTS = "karpenter.sh/do-not-sync-taints";

    private static final List<String> RESTRICTED_LABEL_DOMAINS = List.of("kubernetes.io", "k8s.io");

    private record InstanceTypesKey(String name, Ec2NodeClassSpec spec) {}

    private record Ec2Instance(CloudInstance instance, String imageId) {}

    private final Ec2Client ec2;
    private final Ec2AdapterSettings settings;
    private final InstanceTypeCatalog catalog;
    private final AwsCalls calls;
    private final NodeClassResolver resolver;
    private final LaunchTemplates launchTemplates;
    private final TtlCache<InstanceTypesKey, List<InstanceType>> instanceTypeCache;

    /**
     * @param ec2 the EC2 client
     * @param ssm the SSM client
     * @param iam the IAM client
     * @param settings region, cluster, Kubernetes version, discovery TTL
     * @param catalog the instance type catalog
     * @param clock measures cache ages
     * @param calls retries throttled calls
     */
    public Ec2CloudProvider(
            Ec2Client ec2,
            SsmClient ssm,
            IamClient iam,
            Ec2AdapterSettings settings,
            InstanceTypeCatalog catalog,
            Clock clock,
            AwsCalls calls) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.resolver = new NodeClassResolver(ec2, ssm, iam, calls, settings, clock);
        this.launchTemplates = new LaunchTemplates(ec2, calls, settings, clock);
        this.instanceTypeCache = new TtlCache<>(clock, settings.discoveryTtl());
    }

    /**
     * The adapter as the Lambda wires it: clients from {@link Ec2Clients#create(Ec2AdapterSettings)}, the default retry
     * policy with real sleeps, jitter from a generator created per retried call.
     */
    public static Ec2CloudProvider create(Ec2AdapterSettings settings, InstanceTypeCatalog catalog, Clock clock) {
        Ec2Clients clients = Ec2Clients.create(settings);
        Supplier<java.util.random.RandomGenerator> random = SplittableRandom::new;
        return new Ec2CloudProvider(
                clients.ec2(),
                clients.ssm(),
                clients.iam(),
                settings,
                catalog,
                clock,
                new AwsCalls(RetryPolicy.DEFAULT, Sleeper.threadSleep(), random));
    }

    /** The resolver, for callers that report an EC2NodeClass's status. */
    public NodeClassResolver resolver() {
        return resolver;
    }

    @Override
    public List<InstanceType> instanceTypes(Ec2NodeClass nodeClass) {
        return instanceTypeCache.get(new InstanceTypesKey(nodeClass.name(), nodeClass.spec()), key -> {
            Set<String> zones =
                    ResolvedNodeClass.zonalSubnets(resolver.subnets(nodeClass)).keySet();
            List<Ami> amis = resolver.amis(nodeClass);
            NodeOverheadSettings overhead = NodeOverheadSettings.of(nodeClass);
            List<InstanceType> types = new ArrayList<>();
            for (InstanceTypeInfo info : catalog.all()) {
                InstanceTypeInfo inZones = info.withZonesWithin(zones);
                if (inZones.zones().isEmpty()) {
                    continue;
                }
                InstanceType it;
                try {
                    it = InstanceTypes.resolve(inZones, overhead);
                } catch (IllegalArgumentException e) {
                    throw new NodeClassNotReadyException(
                            "EC2NodeClass \"" + nodeClass.name() + "\" spec." + e.getMessage());
                }
                if (amis.stream().anyMatch(a -> it.requirements().isCompatible(a.requirements(), Labels.WELL_KNOWN))) {
                    types.add(it);
                }
            }
            return List.copyOf(types);
        });
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
        NodeClaim nodeClaim = request.nodeClaim();
        Optional<Ec2Instance> existing = find(nodeClaimFilters(nodeClaim.name()), nodeClaimSubject(nodeClaim));
        if (existing.isPresent()) {
            return new LaunchResult(launchOf(existing.get(), request), List.of());
        }
        try {
            return launchOnce(request);
        } catch (LaunchTemplateMissing missing) {
            // Someone deleted a template we remembered: forget it and build the launch again, once, as Karpenter does.
            missing.names.forEach(launchTemplates::invalidate);
            try {
                return launchOnce(request);
            } catch (LaunchTemplateMissing again) {
                throw new CloudProviderException(
                        nodeClaimSubject(nodeClaim) + ": CreateFleet did not find launch templates " + again.names
                                + " right after they were created",
                        true,
                        again.getCause());
            }
        }
    }

    /** CreateFleet reported a launch template that does not exist. */
    private static final class LaunchTemplateMissing extends RuntimeException {
        private final List<String> names;

        LaunchTemplateMissing(List<String> names, SdkException cause) {
            super(cause);
            this.names = names;
        }
    }

    private LaunchResult launchOnce(LaunchRequest request) {
        NodeClaim nodeClaim = request.nodeClaim();
        String subject = nodeClaimSubject(nodeClaim);
        ResolvedNodeClass resolved = resolver.resolve(request.nodeClass());
        LaunchPlan plan = LaunchPlanner.plan(nodeClaim, request.instanceTypes(), resolved);
        List<String> templateNames = new ArrayList<>();
        for (LaunchPlan.TemplateGroup group : plan.groups()) {
            templateNames.add(launchTemplates.ensure(templateSpec(request, resolved, group, plan), subject));
        }
        CreateFleetRequest fleet = createFleetRequest(
                plan, templateNames, clientToken(nodeClaim.name()), instanceTags(request), request.nodeClass());
        CreateFleetResponse response;
        try {
            response = calls.call("CreateFleet", subject, () -> ec2.createFleet(fleet));
        } catch (SdkException e) {
            String code = AwsErrors.code(e);
            if (code.equals("InvalidLaunchTemplateName.NotFoundException")
                    || code.equals("InvalidLaunchTemplateId.NotFound")) {
                throw new LaunchTemplateMissing(templateNames, e);
            }
            throw new CloudProviderException(
                    subject + ": CreateFleet failed: " + AwsErrors.describe(e), AwsErrors.isTransient(e), e);
        }
        return launchResult(nodeClaim, plan, response);
    }

    /**
     * Turns a CreateFleet response into a launch: the first instance, with the offerings {@code Errors[]} reported
     * without capacity (type from the override, zone from the override or its subnet, capacity type from the plan).
     * Without an instance: {@link InsufficientCapacityException} when any error is a capacity error (the message
     * lists every error), otherwise a {@link CloudProviderException} naming the error codes.
     */
    static LaunchResult launchResult(NodeClaim nodeClaim, LaunchPlan plan, CreateFleetResponse response) {
        String subject = nodeClaimSubject(nodeClaim);
        Set<OfferingKey> noCapacity = new LinkedHashSet<>();
        Set<String> described = new TreeSet<>();
        boolean transientError = false;
        for (CreateFleetError error : response.errors()) {
            String code = error.errorCode() == null ? "" : error.errorCode();
            described.add(code + ": " + error.errorMessage());
            transientError |= AwsErrors.THROTTLING_ERROR_CODES.contains(code) || code.equals("InternalError");
            if (!AwsErrors.CAPACITY_ERROR_CODES.contains(code)) {
                continue;
            }
            FleetLaunchTemplateOverrides o = error.launchTemplateAndOverrides() == null
                    ? null
                    : error.launchTemplateAndOverrides().overrides();
            if (o == null || o.instanceTypeAsString() == null) {
                continue;
            }
            Optional<LaunchPlan.PlannedOverride> planned =
                    plan.find(o.instanceTypeAsString(), o.subnetId(), o.availabilityZone());
            if (planned.isPresent()) {
                noCapacity.add(planned.get().key());
            } else if (o.availabilityZone() != null) {
                noCapacity.add(new OfferingKey(o.instanceTypeAsString(), o.availabilityZone(), plan.capacityType()));
            }
        }
        for (CreateFleetInstance fleetInstance : response.instances()) {
            if (fleetInstance.instanceIds().isEmpty()) {
                continue;
            }
            String instanceId = fleetInstance.instanceIds().get(0);
            FleetLaunchTemplateOverrides o = fleetInstance.launchTemplateAndOverrides() == null
                    ? null
                    : fleetInstance.launchTemplateAndOverrides().overrides();
            String type = fleetInstance.instanceTypeAsString() != null
                    ? fleetInstance.instanceTypeAsString()
                    : o == null ? null : o.instanceTypeAsString();
            Optional<LaunchPlan.PlannedOverride> planned =
                    type == null || o == null ? Optional.empty() : plan.find(type, o.subnetId(), o.availabilityZone());
            if (planned.isEmpty()) {
                throw new CloudProviderException(
                        subject + ": CreateFleet launched " + instanceId + " as " + type + " in "
                                + (o == null ? "an unknown subnet" : o.subnetId())
                                + ", which is not one of the overrides it was given",
                        false,
                        null);
            }
            LaunchPlan.PlannedOverride chosen = planned.get();
            CapacityType capacityType = fleetInstance.lifecycle() == InstanceLifecycle.SPOT
                    ? CapacityType.SPOT
                    : plan.capacityType() == CapacityType.RESERVED ? CapacityType.RESERVED : CapacityType.ON_DEMAND;
            String imageId = o.imageId() != null
                    ? o.imageId()
                    : plan.groups().get(chosen.group()).ami().id();
            String zone = chosen.offering().zone();
            NodeClaimStatus.Launch launch = new NodeClaimStatus.Launch(
                    "aws:///" + zone + "/" + instanceId,
                    instanceId,
                    chosen.instanceType().name(),
                    zone,
                    capacityType.labelValue(),
                    BigDecimal.valueOf(chosen.offering().pricePerHourUsd()),
                    imageId,
                    chosen.instanceType().capacity(),
                    chosen.instanceType().allocatable());
            return new LaunchResult(launch, List.copyOf(noCapacity));
        }
        if (described.isEmpty()) {
            throw new InsufficientCapacityException(
                    subject + ": CreateFleet launched no instance and reported no error", List.of());
        }
        if (!noCapacity.isEmpty()) {
            throw new InsufficientCapacityException(
                    subject + ": CreateFleet launched no instance: " + String.join("; ", described),
                    List.copyOf(noCapacity));
        }
        throw new CloudProviderException(
                subject + ": CreateFleet launched no instance: " + String.join("; ", described), transientError, null);
    }

    /**
     * The CreateFleet request of a plan ([A] instance.go {@code launchInstance}): type {@code instant}, one instance,
     * the plan's capacity type as default target capacity type (reserved capacity is on-demand that uses reservations
     * first), spot {@code price-capacity-optimized} or on-demand {@code lowest-price}, one launch template config per
     * group with its overrides (instance type, subnet, image, zone, priority) in price order, the client token, and the
     * tags on the instance, its volumes and the fleet.
     *
     * @param plan the plan
     * @param templateNames the launch template name of each group
     * @param clientToken the idempotency token
     * @param tags the tags
     * @param nodeClass the EC2NodeClass (its {@code context})
     */
    public static CreateFleetRequest createFleetRequest(
            LaunchPlan plan,
            List<String> templateNames,
            String clientToken,
            SortedMap<String, String> tags,
            Ec2NodeClass nodeClass) {
        if (templateNames.size() != plan.groups().size()) {
            throw new IllegalArgumentException("one launch template per group: "
                    + plan.groups().size() + " groups, " + templateNames.size() + " names");
        }
        List<FleetLaunchTemplateConfigRequest> configs = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            LaunchPlan.TemplateGroup group = plan.groups().get(g);
            List<FleetLaunchTemplateOverridesRequest> overrides = new ArrayList<>();
            for (LaunchPlan.PlannedOverride o : plan.overridesOf(g)) {
                overrides.add(FleetLaunchTemplateOverridesRequest.builder()
                        .instanceType(o.instanceType().name())
                        .subnetId(o.subnet().id())
                        .imageId(group.ami().id())
                        .availabilityZone(o.offering().zone())
                        .priority(o.priority())
                        .build());
            }
            if (overrides.isEmpty()) {
                continue;
            }
            String name = templateNames.get(g);
            configs.add(FleetLaunchTemplateConfigRequest.builder()
                    .launchTemplateSpecification(s -> s.launchTemplateName(name).version("$Latest"))
                    .overrides(overrides)
                    .build());
        }
        List<Tag> ec2Tags = tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        CreateFleetRequest.Builder b = CreateFleetRequest.builder()
                .type(FleetType.INSTANT)
                .clientToken(clientToken)
                .launchTemplateConfigs(configs)
                .targetCapacitySpecification(t -> t.totalTargetCapacity(1)
                        .defaultTargetCapacityType(
                                plan.capacityType() == CapacityType.SPOT
                                        ? DefaultTargetCapacityType.SPOT
                                        : DefaultTargetCapacityType.ON_DEMAND))
                .tagSpecifications(
                        tagSpecification(ResourceType.INSTANCE, ec2Tags),
                        tagSpecification(ResourceType.VOLUME, ec2Tags),
                        tagSpecification(ResourceType.FLEET, ec2Tags));
        if (!nodeClass.spec().context().isEmpty()) {
            b.context(nodeClass.spec().context());
        }
        switch (plan.capacityType()) {
            case SPOT -> b.spotOptions(s -> s.allocationStrategy(SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED));
            case ON_DEMAND ->
                b.onDemandOptions(o -> o.allocationStrategy(FleetOnDemandAllocationStrategy.LOWEST_PRICE));
            case RESERVED ->
                b.onDemandOptions(o -> o.allocationStrategy(FleetOnDemandAllocationStrategy.LOWEST_PRICE)
                        .capacityReservationOptions(c -> c.usageStrategy(
                                FleetCapacityReservationUsageStrategy.USE_CAPACITY_RESERVATIONS_FIRST)));
        }
        return b.build();
    }

    private static TagSpecification tagSpecification(ResourceType type, List<Tag> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags).build();
    }

    /**
     * The launch template of one group: the AMI, the user data for the group's pod capacity, security groups,
     * instance profile, block devices (the EC2NodeClass's, or the family's defaults), IMDS, monitoring, public IP and
     * the template tags.
     */
    private LaunchTemplateSpec templateSpec(
            LaunchRequest request, ResolvedNodeClass resolved, LaunchPlan.TemplateGroup group, LaunchPlan plan) {
        Ec2NodeClass nodeClass = request.nodeClass();
        Ec2NodeClassSpec spec = nodeClass.spec();
        String userData;
        try {
            userData = UserData.generate(nodeClass.amiFamily(), bootstrapOptions(request, group, plan.capacityType()));
        } catch (UserDataException e) {
            throw new NodeClassNotReadyException("EC2NodeClass \"" + nodeClass.name() + "\" " + e.getMessage());
        }
        Boolean publicIp = spec.associatePublicIpAddress();
        if (publicIp == null && resolved.subnets().stream().noneMatch(Subnet::mapPublicIpOnLaunch)) {
            // Karpenter says so explicitly when no subnet would give one ([A] subnet.go AssociatePublicIPAddressValue).
            publicIp = false;
        }
        return new LaunchTemplateSpec(
                settings.clusterName(),
                group.ami().id(),
                userData,
                resolved.securityGroupIds(),
                resolved.instanceProfile(),
                spec.effectiveBlockDeviceMappings(),
                spec.metadataOptions(),
                Boolean.TRUE.equals(spec.detailedMonitoring()),
                publicIp,
                spec.ipPrefixCount(),
                templateTags(request));
    }

    /**
     * The bootstrap of a group ([A] pkg/providers/amifamily/resolver.go {@code resolveLaunchTemplates}): the
     * EC2NodeClass's kubelet settings with {@code maxPods} from the group and {@code clusterDNS} from the cluster when
     * unset; the NodeClaim's labels plus its capacity type, its EC2NodeClass and (except Custom AMIs) {@code
     * karpenter.sh/do-not-sync-taints}, without labels the node restriction admission forbids; its taints and startup
     * taints plus {@code karpenter.sh/unregistered:NoExecute}.
     */
    BootstrapOptions bootstrapOptions(
            LaunchRequest request, LaunchPlan.TemplateGroup group, CapacityType capacityType) {
        Ec2NodeClass nodeClass = request.nodeClass();
        NodeClaim nodeClaim = request.nodeClaim();
        KubeletConfiguration k = nodeClass.spec().kubelet();
        List<String> clusterDns = k.clusterDNS().isEmpty() && settings.clusterDnsIp() != null
                ? List.of(settings.clusterDnsIp())
                : k.clusterDNS();
        KubeletConfiguration kubelet = new KubeletConfiguration(
                clusterDns,
                k.maxPods() != null ? k.maxPods() : Math.toIntExact(group.maxPods()),
                k.podsPerCore(),
                k.systemReserved(),
                k.kubeReserved(),
                k.evictionHard(),
                k.evictionSoft(),
                k.evictionSoftGracePeriod(),
                k.evictionMaxPodGracePeriod(),
                k.imageGCHighThresholdPercent(),
                k.imageGCLowThresholdPercent(),
                k.cpuCFSQuota());
        Map<String, String> labels =
                new TreeMap<>(request.nodePool().spec().template().labels());
        labels.putAll(nodeClaim.metadata().labels());
        labels.put(Labels.NODE_POOL, request.nodePool().name());
        labels.put(Labels.CAPACITY_TYPE, capacityType.labelValue());
        labels.put(Labels.EC2_NODE_CLASS, nodeClass.name());
        if (nodeClass.amiFamily() != AmiFamily.CUSTOM) {
            labels.put(DO_NOT_SYNC_TAINTS, "true");
        }
        labels.keySet().removeIf(Ec2CloudProvider::isRestrictedLabel);
        List<Taint> taints = new ArrayList<>(nodeClaim.spec().taints());
        taints.addAll(nodeClaim.spec().startupTaints());
        if (taints.stream().noneMatch(t -> t.matchesKeyAndEffect(Taint.UNREGISTERED))) {
            taints.add(Taint.UNREGISTERED);
        }
        return new BootstrapOptions(
                settings.clusterName(),
                settings.clusterEndpoint(),
                settings.clusterCertificateAuthority(),
                settings.serviceCidr(),
                kubelet,
                new TreeMap<>(labels),
                taints,
                nodeClass.spec().userData(),
                nodeClass.spec().instanceStorePolicy() == InstanceStorePolicy.RAID0);
    }

    /**
     * Labels in the {@code kubernetes.io} and {@code k8s.io} domains (and their subdomains) that the kubelet may not
     * set on itself ([A] resolver.go {@code RejectForbiddenLabels}, after the NodeRestriction admission plugin).
     */
    static boolean isRestrictedLabel(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String domain = key.substring(0, slash);
        return RESTRICTED_LABEL_DOMAINS.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
    }

    /**
     * The tags of the instance, its volumes and the fleet: the EC2NodeClass's tags, then {@code
     * kubernetes.io/cluster/<name>=owned}, {@code eks:eks-cluster-name}, {@code karpenter.sh/nodepool}, {@code
     * karpenter.k8s.aws/ec2nodeclass}, {@code karpenter.sh/nodeclaim}, and {@code Name} = the NodeClaim name unless the
     * EC2NodeClass sets one.
     */
    SortedMap<String, String> instanceTags(LaunchRequest request) {
        SortedMap<String, String> tags = templateTags(request);
        tags.put(Labels.NODE_CLAIM_TAG, request.nodeClaim().name());
        tags.putIfAbsent("Name", request.nodeClaim().name());
        return tags;
    }

    /** The tags of launch templates: the EC2NodeClass's, then the cluster, NodePool and EC2NodeClass tags. */
    SortedMap<String, String> templateTags(LaunchRequest request) {
        SortedMap<String, String> tags =
                new TreeMap<>(request.nodeClass().spec().tags());
        tags.put(settings.clusterTagKey(), "owned");
        tags.put(Labels.EKS_CLUSTER_NAME_TAG, settings.clusterName());
        tags.put(Labels.NODE_POOL, request.nodePool().name());
        tags.put(Labels.EC2_NODE_CLASS, request.nodeClass().name());
        return tags;
    }

    /**
     * The CreateFleet client token of a NodeClaim: its name, or (past EC2's 64 characters) {@code fw-} and the first 61
     * hex digits of its SHA-256.
     */
    static String clientToken(String nodeClaimName) {
        if (nodeClaimName.length() <= MAX_CLIENT_TOKEN_LENGTH
                && StandardCharsets.US_ASCII.newEncoder().canEncode(nodeClaimName)) {
            return nodeClaimName;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(nodeClaimName.getBytes(StandardCharsets.UTF_8));
            return "fw-" + HexFormat.of().formatHex(digest).substring(0, MAX_CLIENT_TOKEN_LENGTH - 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The launch of an instance found by its NodeClaim tag, priced from the request's offerings. */
    private static NodeClaimStatus.Launch launchOf(Ec2Instance found, LaunchRequest request) {
        CloudInstance i = found.instance();
        InstanceType type = request.instanceTypes().stream()
                .filter(t -> t.name().equals(i.instanceType()))
                .findFirst()
                .orElse(null);
        BigDecimal price = type == null
                ? BigDecimal.ZERO
                : type.offerings().stream()
                        .filter(o -> o.zone().equals(i.zone()) && o.capacityType() == i.capacityType())
                        .findFirst()
                        .map(o -> BigDecimal.valueOf(o.pricePerHourUsd()))
                        .orElse(BigDecimal.ZERO);
        return new NodeClaimStatus.Launch(
                "aws:///" + i.zone() + "/" + i.instanceId(),
                i.instanceId(),
                i.instanceType(),
                i.zone(),
                i.capacityType().labelValue(),
                price,
                found.imageId(),
                type == null ? Resources.NONE : type.capacity(),
                type == null ? Resources.NONE : type.allocatable());
    }

    @Override
    public void terminate(String instanceId) {
        String subject = "instance " + instanceId;
        List<Ec2Instance> found;
        try {
            found = describe(
                    DescribeInstancesRequest.builder().instanceIds(instanceId).build(), subject);
        } catch (CloudProviderException e) {
            if (e.getCause() instanceof SdkException sdk && AwsErrors.isNotFound(sdk)) {
                throw new NodeClaimNotFoundException(subject + " does not exist");
            }
            throw e;
        }
        if (found.isEmpty() || found.get(0).instance().isTerminating()) {
            throw new NodeClaimNotFoundException(subject + " does not exist or is already terminating");
        }
        try {
            calls.call("TerminateInstances", subject, () -> ec2.terminateInstances(b -> b.instanceIds(instanceId)));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new NodeClaimNotFoundException(subject + " does not exist");
            }
            throw new CloudProviderException(
                    subject + ": TerminateInstances failed: " + AwsErrors.describe(e), AwsErrors.isTransient(e), e);
        }
    }

    @Override
    public List<CloudInstance> instances() {
        List<Filter> filters = List.of(
                filter("tag:" + Labels.EKS_CLUSTER_NAME_TAG, settings.clusterName()),
                filter("tag-key", Labels.NODE_CLAIM_TAG),
                Filter.builder().name("instance-state-name").values(LIVE_STATES).build());
        return describe(
                        DescribeInstancesRequest.builder().filters(filters).build(),
                        "the instances of cluster \"" + settings.clusterName() + "\"")
                .stream()
                .map(Ec2Instance::instance)
                .toList();
    }

    @Override
    public Optional<CloudInstance> instanceOf(String nodeClaimName) {
        return find(nodeClaimFilters(nodeClaimName), "NodeClaim \"" + nodeClaimName + "\"")
                .map(Ec2Instance::instance);
    }

    private List<Filter> nodeClaimFilters(String nodeClaimName) {
        return List.of(
                filter("tag:" + Labels.NODE_CLAIM_TAG, nodeClaimName),
                filter("tag:" + Labels.EKS_CLUSTER_NAME_TAG, settings.clusterName()),
                Filter.builder().name("instance-state-name").values(LIVE_STATES).build());
    }

    /** The oldest live instance matching the filters (two can exist where CreateFleet ignored the client token). */
    private Optional<Ec2Instance> find(List<Filter> filters, String subject) {
        return describe(DescribeInstancesRequest.builder().filters(filters).build(), subject).stream()
                .findFirst();
    }

    /** The instances of a DescribeInstances query, every page, oldest launch first, then by ID. */
    private List<Ec2Instance> describe(DescribeInstancesRequest request, String subject) {
        List<Instance> instances;
        try {
            instances = calls.call(
                    "DescribeInstances",
                    subject,
                    () -> ec2.describeInstancesPaginator(request).reservations().stream()
                            .flatMap(r -> r.instances().stream())
                            .toList());
        } catch (SdkException e) {
            throw new CloudProviderException(
                    subject + ": DescribeInstances failed: " + AwsErrors.describe(e), AwsErrors.isTransient(e), e);
        }
        return instances.stream()
                .map(Ec2CloudProvider::toCloudInstance)
                .sorted(Comparator.comparing((Ec2Instance i) ->
                                Optional.ofNullable(i.instance().launchTime()).orElse(Instant.MIN))
                        .thenComparing(i -> i.instance().instanceId()))
                .toList();
    }

    private static Ec2Instance toCloudInstance(Instance i) {
        Map<String, String> tags = new LinkedHashMap<>();
        i.tags().forEach(t -> tags.put(t.key(), t.value()));
        CapacityType capacityType;
        if (i.instanceLifecycle() == InstanceLifecycleType.SPOT || i.spotInstanceRequestId() != null) {
            capacityType = CapacityType.SPOT;
        } else if (i.capacityReservationId() != null) {
            capacityType = CapacityType.RESERVED;
        } else {
            capacityType = CapacityType.ON_DEMAND;
        }
        CloudInstance instance = new CloudInstance(
                i.instanceId(),
                i.instanceTypeAsString(),
                i.placement() == null ? "" : i.placement().availabilityZone(),
                capacityType,
                i.state() == null ? "" : i.state().nameAsString(),
                i.launchTime(),
                tags);
        return new Ec2Instance(instance, i.imageId() == null ? "" : i.imageId());
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static String nodeClaimSubject(NodeClaim nodeClaim) {
        return "NodeClaim \"" + nodeClaim.name() + "\"";
    }
}
