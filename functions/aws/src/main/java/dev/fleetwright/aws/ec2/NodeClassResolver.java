package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.api.AmiAlias;
import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.AmiSelectorTerm;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.SecurityGroupSelectorTerm;
import dev.fleetwright.core.api.SubnetSelectorTerm;
import dev.fleetwright.core.cloudprovider.CloudProviderException;
import dev.fleetwright.core.cloudprovider.NodeClassNotReadyException;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Resolves an EC2NodeClass's selector terms into EC2 and IAM resources, as Karpenter's subnet, security group, AMI and
 * instance profile providers do ([A] pkg/providers/subnet, securitygroup, amifamily/ami.go, instanceprofile). Results
 * are cached for {@link Ec2AdapterSettings#discoveryTtl()} by the fields they depend on (so an edited EC2NodeClass
 * resolves again at once), measured with the injected clock.
 *
 * <p>Anything that resolves to nothing is a {@link NodeClassNotReadyException} naming the EC2NodeClass and the field;
 * failing API calls are {@link CloudProviderException}s naming the operation.
 */
public final class NodeClassResolver {

    /** The EC2 image {@code state} that can be launched. */
    private static final String IMAGE_STATE_AVAILABLE = "available";

    private record AmiKey(List<AmiSelectorTerm> terms, AmiFamily family) {}

    private record ProfileKey(String nodeClassName, String role, String instanceProfile) {}

    private final Ec2Client ec2;
    private final SsmClient ssm;
    private final IamClient iam;
    private final AwsCalls calls;
    private final Ec2AdapterSettings settings;
    private final TtlCache<List<SubnetSelectorTerm>, List<Subnet>> subnetCache;
    private final TtlCache<List<SecurityGroupSelectorTerm>, List<String>> securityGroupCache;
    private final TtlCache<AmiKey, List<Ami>> amiCache;
    private final TtlCache<ProfileKey, String> profileCache;

    /**
     * @param ec2 the EC2 client
     * @param ssm the SSM client (AMI aliases and {@code ssmParameter} terms)
     * @param iam the IAM client (instance profiles)
     * @param calls retries throttled calls
     * @param settings cluster, region, Kubernetes version, SSM root, cache TTL
     * @param clock measures cache ages
     */
    public NodeClassResolver(
            Ec2Client ec2, SsmClient ssm, IamClient iam, AwsCalls calls, Ec2AdapterSettings settings, Clock clock) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        this.iam = Objects.requireNonNull(iam, "iam");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.subnetCache = new TtlCache<>(clock, settings.discoveryTtl());
        this.securityGroupCache = new TtlCache<>(clock, settings.discoveryTtl());
        this.amiCache = new TtlCache<>(clock, settings.discoveryTtl());
        this.profileCache = new TtlCache<>(clock, settings.discoveryTtl());
    }

    /**
     * Everything a launch needs.
     *
     * @throws NodeClassNotReadyException if subnets, security groups, AMIs or the instance profile do not resolve
     * @throws CloudProviderException if an API call fails
     */
    public ResolvedNodeClass resolve(Ec2NodeClass nodeClass) {
        return new ResolvedNodeClass(
                nodeClass, subnets(nodeClass), securityGroups(nodeClass), amis(nodeClass), instanceProfile(nodeClass));
    }

    /**
     * The subnets matching any of {@code spec.subnetSelectorTerms} (a term's fields are ANDed: tags, {@code *} meaning
     * the key exists; ID; CIDR), sorted by ID.
     *
     * @throws NodeClassNotReadyException if none matches
     * @throws CloudProviderException if DescribeSubnets fails
     */
    public List<Subnet> subnets(Ec2NodeClass nodeClass) {
        List<SubnetSelectorTerm> terms = nodeClass.spec().subnetSelectorTerms();
        return subnetCache.get(terms, t -> {
            Map<String, Subnet> found = new TreeMap<>();
            for (SubnetSelectorTerm term : t) {
                List<Filter> filters = new ArrayList<>(tagFilters(term.tags()));
                addFilter(filters, "subnet-id", term.id());
                addFilter(filters, "cidr-block", term.cidr());
                List<software.amazon.awssdk.services.ec2.model.Subnet> page = api(
                        nodeClass,
                        "spec.subnetSelectorTerms",
                        "DescribeSubnets",
                        () -> ec2
                                .describeSubnetsPaginator(DescribeSubnetsRequest.builder()
                                        .filters(filters)
                                        .build())
                                .subnets()
                                .stream()
                                .toList());
                for (var s : page) {
                    found.put(
                            s.subnetId(),
                            new Subnet(
                                    s.subnetId(),
                                    s.availabilityZone(),
                                    s.availabilityZoneId(),
                                    s.availableIpAddressCount() == null ? 0 : s.availableIpAddressCount(),
                                    Boolean.TRUE.equals(s.mapPublicIpOnLaunch())));
                }
            }
            if (found.isEmpty()) {
                throw notReady(nodeClass, "spec.subnetSelectorTerms", "no subnet matches " + t);
            }
            return List.copyOf(found.values());
        });
    }

    /**
     * The IDs of the security groups matching any of {@code spec.securityGroupSelectorTerms} (tags, ID, or group
     * name), sorted.
     *
     * @throws NodeClassNotReadyException if none matches
     * @throws CloudProviderException if DescribeSecurityGroups fails
     */
    public List<String> securityGroups(Ec2NodeClass nodeClass) {
        List<SecurityGroupSelectorTerm> terms = nodeClass.spec().securityGroupSelectorTerms();
        return securityGroupCache.get(terms, t -> {
            TreeSet<String> found = new TreeSet<>();
            for (SecurityGroupSelectorTerm term : t) {
                List<Filter> filters = new ArrayList<>(tagFilters(term.tags()));
                addFilter(filters, "group-id", term.id());
                addFilter(filters, "group-name", term.name());
                found.addAll(api(
                        nodeClass,
                        "spec.securityGroupSelectorTerms",
                        "DescribeSecurityGroups",
                        () -> ec2
                                .describeSecurityGroupsPaginator(DescribeSecurityGroupsRequest.builder()
                                        .filters(filters)
                                        .build())
                                .securityGroups()
                                .stream()
                                .map(g -> g.groupId())
                                .toList()));
            }
            if (found.isEmpty()) {
                throw notReady(nodeClass, "spec.securityGroupSelectorTerms", "no security group matches " + t);
            }
            return List.copyOf(found);
        });
    }

    /**
     * The AMIs of {@code spec.amiSelectorTerms}, {@link Ami#NEWEST_FIRST}: for an alias, the images in the family's
     * public SSM parameters ({@link AmiAliasParameters}); otherwise images by ID, SSM parameter, name (owners default
     * to {@code self} and {@code amazon}) and owner, or tags. Per set of requirements (architecture, accelerator
     * variant) only the newest image is kept, as Karpenter does.
     *
     * @throws NodeClassNotReadyException if no AMI is found, or the AMI family is Windows (not supported here)
     * @throws CloudProviderException if an API call fails
     */
    public List<Ami> amis(Ec2NodeClass nodeClass) {
        AmiFamily family = nodeClass.amiFamily();
        if (family.isWindows()) {
            throw notReady(
                    nodeClass,
                    "spec.amiFamily",
                    family + " is not supported: Fleetwright's EC2 adapter launches AL2, AL2023, Bottlerocket and"
                            + " Custom AMIs");
        }
        AmiKey key = new AmiKey(nodeClass.spec().amiSelectorTerms(), family);
        return amiCache.get(key, k -> {
            Optional<AmiAlias> alias = aliasOf(nodeClass);
            List<Ami> amis = alias.isPresent() ? aliasAmis(nodeClass, alias.get()) : termAmis(nodeClass, k.terms());
            if (amis.isEmpty()) {
                throw notReady(nodeClass, "spec.amiSelectorTerms", "no available AMI matches " + k.terms());
            }
            return amis;
        });
    }

    /**
     * The instance profile: {@code spec.instanceProfile} when set (it must exist), otherwise the one Fleetwright
     * manages for {@code spec.role}, named {@link #instanceProfileName} and created with the role when missing
     * ([A] pkg/providers/instanceprofile).
     *
     * @throws NodeClassNotReadyException if the given profile or the role does not exist, or neither is set
     * @throws CloudProviderException if an IAM call fails
     */
    public String instanceProfile(Ec2NodeClass nodeClass) {
        String profile = nodeClass.spec().instanceProfile();
        String role = nodeClass.spec().role();
        return profileCache.get(new ProfileKey(nodeClass.name(), role, profile), k -> {
            if (!profile.isEmpty()) {
                if (findInstanceProfile(nodeClass, "spec.instanceProfile", profile)
                        .isEmpty()) {
                    throw notReady(
                            nodeClass, "spec.instanceProfile", "instance profile \"" + profile + "\" does not exist");
                }
                return profile;
            }
            if (role.isEmpty()) {
                throw notReady(nodeClass, "spec.role", "neither spec.role nor spec.instanceProfile is set");
            }
            return ensureManagedInstanceProfile(nodeClass, roleName(role));
        });
    }

    /**
     * The name of the instance profile managed for an EC2NodeClass: {@code <cluster>_<n>} where {@code n} is the
     * unsigned decimal FNV-1a 64-bit hash of {@code <region><nodeClassName>}, Karpenter's deterministic naming rule
     * ([A] pkg/apis/v1/ec2nodeclass.go {@code LegacyInstanceProfileName}, hashstructure's hash of a string).
     */
    public static String instanceProfileName(String clusterName, String region, String nodeClassName) {
        return clusterName + "_" + Long.toUnsignedString(fnv1a64(region + nodeClassName));
    }

    /** The 64-bit FNV-1a hash of the UTF-8 bytes of {@code s}. */
    static long fnv1a64(String s) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** Forgets every cached resolution (for example after a launch template or AMI went missing). */
    public void invalidate() {
        subnetCache.clear();
        securityGroupCache.clear();
        amiCache.clear();
        profileCache.clear();
    }

    private String ensureManagedInstanceProfile(Ec2NodeClass nodeClass, String role) {
        String name = instanceProfileName(settings.clusterName(), settings.region(), nodeClass.name());
        InstanceProfile existing =
                findInstanceProfile(nodeClass, "spec.role", name).orElse(null);
        if (existing == null) {
            Map<String, String> tags = new TreeMap<>(nodeClass.spec().tags());
            tags.put(settings.clusterTagKey(), "owned");
            tags.put(Labels.EKS_CLUSTER_NAME_TAG, settings.clusterName());
            tags.put(Labels.EC2_NODE_CLASS, nodeClass.name());
            tags.put(Labels.TOPOLOGY_REGION, settings.region());
            try {
                api(
                        nodeClass,
                        "spec.role",
                        "CreateInstanceProfile",
                        () -> iam.createInstanceProfile(b -> b.instanceProfileName(name)
                                .path("/")
                                .tags(tags.entrySet().stream()
                                        .map(e -> Tag.builder()
                                                .key(e.getKey())
                                                .value(e.getValue())
                                                .build())
                                        .toList())));
            } catch (CloudProviderException e) {
                if (!(e.getCause() instanceof SdkException sdk && AwsErrors.isAlreadyExists(sdk))) {
                    throw e;
                }
            }
            existing = findInstanceProfile(nodeClass, "spec.role", name)
                    .orElseThrow(() -> new CloudProviderException(
                            "EC2NodeClass \"" + nodeClass.name() + "\": instance profile \"" + name
                                    + "\" was created but cannot be read back",
                            true,
                            null));
        }
        List<String> roles = existing.roles().stream().map(Role::roleName).toList();
        if (roles.contains(role)) {
            return name;
        }
        for (String other : roles) {
            api(
                    nodeClass,
                    "spec.role",
                    "RemoveRoleFromInstanceProfile",
                    () -> iam.removeRoleFromInstanceProfile(
                            b -> b.instanceProfileName(name).roleName(other)));
        }
        try {
            api(
                    nodeClass,
                    "spec.role",
                    "AddRoleToInstanceProfile",
                    () -> iam.addRoleToInstanceProfile(
                            b -> b.instanceProfileName(name).roleName(role)));
        } catch (CloudProviderException e) {
            if (e.getCause() instanceof SdkException sdk && AwsErrors.isNotFound(sdk)) {
                throw notReady(nodeClass, "spec.role", "IAM role \"" + role + "\" does not exist");
            }
            throw e;
        }
        return name;
    }

    private Optional<InstanceProfile> findInstanceProfile(Ec2NodeClass nodeClass, String field, String name) {
        try {
            return Optional.of(api(
                    nodeClass,
                    field,
                    "GetInstanceProfile",
                    () -> iam.getInstanceProfile(b -> b.instanceProfileName(name))
                            .instanceProfile()));
        } catch (CloudProviderException e) {
            if (e.getCause() instanceof SdkException sdk && AwsErrors.isNotFound(sdk)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<Ami> aliasAmis(Ec2NodeClass nodeClass, AmiAlias alias) {
        List<AmiAliasParameters.Parameter> parameters;
        try {
            parameters = AmiAliasParameters.of(alias, settings.kubernetesVersion(), settings.ssmParameterRoot());
        } catch (IllegalArgumentException e) {
            throw notReady(nodeClass, "spec.amiSelectorTerms", e.getMessage());
        }
        Map<String, List<AmiVariant>> variantsByImage = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (AmiAliasParameters.Parameter p : parameters) {
            Optional<String> imageId = parameter(nodeClass, "spec.amiSelectorTerms", p.name());
            if (imageId.isEmpty()) {
                missing.add(p.name());
                continue;
            }
            variantsByImage
                    .computeIfAbsent(imageId.get(), id -> new ArrayList<>())
                    .addAll(p.variants());
        }
        if (variantsByImage.isEmpty()) {
            throw notReady(
                    nodeClass,
                    "spec.amiSelectorTerms",
                    "no image found for alias " + alias + " (Kubernetes " + settings.kubernetesVersion()
                            + "); SSM parameters not found: " + missing);
        }
        List<Filter> filters = List.of(filter("image-id", List.copyOf(variantsByImage.keySet())));
        List<Image> images = describeImages(nodeClass, filters, List.of());
        Map<Requirements, Ami> newest = new LinkedHashMap<>();
        for (Image image : images) {
            Optional<String> arch = kubeArch(image);
            List<AmiVariant> variants = variantsByImage.get(image.imageId());
            if (arch.isEmpty() || variants == null) {
                continue;
            }
            for (AmiVariant v : variants) {
                keepNewest(newest, image, v.requirements().and(Requirement.in(Labels.ARCH, arch.get())));
            }
        }
        return sorted(newest);
    }

    private List<Ami> termAmis(Ec2NodeClass nodeClass, List<AmiSelectorTerm> terms) {
        List<String> ids = new ArrayList<>();
        List<List<Filter>> filterSets = new ArrayList<>();
        List<List<String>> ownerSets = new ArrayList<>();
        for (AmiSelectorTerm term : terms) {
            if (!term.id().isEmpty()) {
                ids.add(term.id());
                continue;
            }
            if (!term.ssmParameter().isEmpty()) {
                parameter(nodeClass, "spec.amiSelectorTerms", term.ssmParameter())
                        .ifPresentOrElse(ids::add, () -> {
                            throw notReady(
                                    nodeClass,
                                    "spec.amiSelectorTerms",
                                    "SSM parameter \"" + term.ssmParameter() + "\" does not exist");
                        });
                continue;
            }
            List<Filter> filters = new ArrayList<>(tagFilters(term.tags()));
            addFilter(filters, "name", term.name());
            List<String> owners;
            if (!term.owner().isEmpty()) {
                owners = List.of(term.owner());
            } else if (!term.name().isEmpty()) {
                // Karpenter's default: without an owner, a name only finds this account's and Amazon's images.
                owners = List.of("self", "amazon");
            } else {
                owners = List.of();
            }
            filterSets.add(filters);
            ownerSets.add(owners);
        }
        if (!ids.isEmpty()) {
            filterSets.add(List.of(filter("image-id", ids)));
            ownerSets.add(List.of());
        }
        Map<Requirements, Ami> newest = new LinkedHashMap<>();
        for (int i = 0; i < filterSets.size(); i++) {
            for (Image image : describeImages(nodeClass, filterSets.get(i), ownerSets.get(i))) {
                Optional<String> arch = kubeArch(image);
                if (arch.isPresent()) {
                    keepNewest(newest, image, Requirements.of(Requirement.in(Labels.ARCH, arch.get())));
                }
            }
        }
        return sorted(newest);
    }

    private List<Image> describeImages(Ec2NodeClass nodeClass, List<Filter> filters, List<String> owners) {
        List<Filter> all = new ArrayList<>(filters);
        all.add(filter("state", List.of(IMAGE_STATE_AVAILABLE)));
        DescribeImagesRequest.Builder request =
                DescribeImagesRequest.builder().filters(all).includeDeprecated(true);
        if (!owners.isEmpty()) {
            request.owners(owners);
        }
        return api(
                nodeClass,
                "spec.amiSelectorTerms",
                "DescribeImages",
                () -> ec2.describeImagesPaginator(request.build()).images().stream()
                        .toList());
    }

    private Optional<String> parameter(Ec2NodeClass nodeClass, String field, String name) {
        try {
            return Optional.of(api(
                    nodeClass,
                    field,
                    "GetParameter",
                    () -> ssm.getParameter(b -> b.name(name)).parameter().value()));
        } catch (CloudProviderException e) {
            if (e.getCause() instanceof SdkException sdk && AwsErrors.isNotFound(sdk)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void keepNewest(Map<Requirements, Ami> newest, Image image, Requirements requirements) {
        Ami candidate = new Ami(image.imageId(), image.name(), image.creationDate(), requirements);
        newest.merge(requirements, candidate, (a, b) -> Ami.NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
    }

    private static List<Ami> sorted(Map<Requirements, Ami> amis) {
        List<Ami> out = new ArrayList<>(amis.values());
        out.sort(Ami.NEWEST_FIRST);
        return List.copyOf(out);
    }

    /** {@code amd64} or {@code arm64} for the image's architecture; empty for others (macOS, i386). */
    private static Optional<String> kubeArch(Image image) {
        String arch = image.architectureAsString();
        if ("x86_64".equals(arch)) {
            return Optional.of("amd64");
        }
        if ("arm64".equals(arch)) {
            return Optional.of("arm64");
        }
        return Optional.empty();
    }

    private static Optional<AmiAlias> aliasOf(Ec2NodeClass nodeClass) {
        try {
            return nodeClass.spec().alias();
        } catch (IllegalArgumentException e) {
            throw notReady(nodeClass, "spec.amiSelectorTerms", e.getMessage());
        }
    }

    /** A role given with a path ({@code path/name}) is referred to by its name. */
    private static String roleName(String role) {
        int slash = role.lastIndexOf('/');
        return slash >= 0 ? role.substring(slash + 1) : role;
    }

    private static List<Filter> tagFilters(Map<String, String> tags) {
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(tags).entrySet()) {
            if ("*".equals(e.getValue())) {
                filters.add(filter("tag-key", List.of(e.getKey())));
            } else {
                filters.add(filter("tag:" + e.getKey(), List.of(e.getValue())));
            }
        }
        return filters;
    }

    private static void addFilter(List<Filter> filters, String name, String value) {
        if (!value.isEmpty()) {
            filters.add(filter(name, List.of(value)));
        }
    }

    private static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    private <T> T api(Ec2NodeClass nodeClass, String field, String operation, Supplier<T> call) {
        String subject = "EC2NodeClass \"" + nodeClass.name() + "\" " + field;
        try {
            return calls.call(operation, subject, call);
        } catch (SdkException e) {
            throw new CloudProviderException(
                    subject + ": " + operation + " failed: " + AwsErrors.describe(e), AwsErrors.isTransient(e), e);
        }
    }

    private static NodeClassNotReadyException notReady(Ec2NodeClass nodeClass, String field, String problem) {
        return new NodeClassNotReadyException("EC2NodeClass \"" + nodeClass.name() + "\" " + field + ": " + problem);
    }
}
