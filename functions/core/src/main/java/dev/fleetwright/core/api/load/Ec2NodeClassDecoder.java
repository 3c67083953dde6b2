package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.AmiAlias;
import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.AmiSelectorTerm;
import dev.fleetwright.core.api.BlockDevice;
import dev.fleetwright.core.api.BlockDeviceMapping;
import dev.fleetwright.core.api.CapacityReservationSelectorTerm;
import dev.fleetwright.core.api.EbsVolumeType;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Ec2NodeClassSpec;
import dev.fleetwright.core.api.InstanceStorePolicy;
import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.MetadataOptions;
import dev.fleetwright.core.api.SecurityGroupSelectorTerm;
import dev.fleetwright.core.api.SubnetSelectorTerm;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decodes a {@code karpenter.k8s.aws/v1} EC2NodeClass tree into an {@link Ec2NodeClass}, applying Karpenter's defaults
 * and checking Karpenter's rules ([A] pkg/apis/v1/ec2nodeclass.go markers and CEL, ec2nodeclass_validation.go).
 * Reports every problem; returns an EC2NodeClass only when there is none.
 */
public final class Ec2NodeClassDecoder {

    /** The most selector terms of each kind Karpenter accepts. */
    static final int MAX_TERMS = 30;

    /** The most tags a selector term may match on. */
    static final int MAX_TERM_TAGS = 20;

    /** The most block device mappings Karpenter accepts. */
    static final int MAX_BLOCK_DEVICE_MAPPINGS = 50;

    private static final Pattern SUBNET_ID = Pattern.compile("^subnet-[0-9a-z]+$");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("^sg-[0-9a-z]+$");
    private static final Pattern AMI_ID = Pattern.compile("^ami-[0-9a-z]+$");
    private static final Pattern CAPACITY_RESERVATION_ID = Pattern.compile("^cr-[0-9a-z]+$");
    private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9]{12}$");
    private static final Pattern VOLUME_SIZE = Pattern.compile("^([0-9]+)(Gi|G|Ti|T)$");

    /** Smallest EBS volume Karpenter accepts: 1G ([A] ec2nodeclass_validation.go {@code minVolumeSize}). */
    private static final BigInteger MIN_VOLUME_BYTES = BigInteger.TEN.pow(9);

    /** Largest EBS volume Karpenter accepts: 64T ([A] ec2nodeclass_validation.go {@code maxVolumeSize}). */
    private static final BigInteger MAX_VOLUME_BYTES = BigInteger.valueOf(64).multiply(BigInteger.TEN.pow(12));

    private static final List<Pattern> RESTRICTED_TAGS = List.of(
            Pattern.compile("^kubernetes\\.io/cluster.*$"),
            Pattern.compile("^" + Pattern.quote(Labels.NODE_POOL) + "$"),
            Pattern.compile("^" + Pattern.quote(Labels.NODE_CLAIM_TAG) + "$"),
            Pattern.compile("^" + Pattern.quote(Labels.EKS_CLUSTER_NAME_TAG) + "$"),
            Pattern.compile("^" + Pattern.quote(Labels.EC2_NODE_CLASS) + "$"));

    private static final String FAMILIES =
            Arrays.stream(AmiFamily.values()).map(AmiFamily::wireName).collect(Collectors.joining(", "));

    private Ec2NodeClassDecoder() {}

    /**
     * Decodes one EC2NodeClass document.
     *
     * @param document the document (its {@code apiVersion} and {@code kind} are the caller's business)
     * @param diagnostics where to report, stamped with the document's source, index, kind and name
     * @return the EC2NodeClass, or empty when any error was reported
     */
    public static Optional<Ec2NodeClass> decode(SourceDocument document, Diagnostics diagnostics) {
        Optional<TreeReader> rootReader = TreeReader.root(document.tree(), diagnostics);
        if (rootReader.isEmpty()) {
            return Optional.empty();
        }
        TreeReader root = rootReader.get();
        root.ignore("apiVersion", "kind", "status");
        Optional<ObjectMeta> metadata = ObjectMetaDecoder.decode(root);
        Optional<Ec2NodeClassSpec> spec = root.requiredObject("spec").flatMap(Ec2NodeClassDecoder::spec);
        root.rejectUnknownFields();
        if (diagnostics.hasErrors() || metadata.isEmpty() || spec.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Ec2NodeClass(metadata.get(), spec.get()));
    }

    private static Optional<Ec2NodeClassSpec> spec(TreeReader s) {
        int before = s.diagnostics().count();
        List<SubnetSelectorTerm> subnets = terms(s, "subnetSelectorTerms", true, Ec2NodeClassDecoder::subnetTerm);
        List<SecurityGroupSelectorTerm> securityGroups =
                terms(s, "securityGroupSelectorTerms", true, Ec2NodeClassDecoder::securityGroupTerm);
        List<CapacityReservationSelectorTerm> reservations =
                terms(s, "capacityReservationSelectorTerms", false, Ec2NodeClassDecoder::capacityReservationTerm);
        Boolean associatePublicIp = s.bool("associatePublicIPAddress").orElse(null);
        Integer ipPrefixCount = s.integer("ipPrefixCount").orElse(null);
        if (ipPrefixCount != null && ipPrefixCount < 0) {
            s.error("ipPrefixCount", "ipPrefixCount must not be negative, got " + ipPrefixCount);
        }
        List<AmiSelectorTerm> amiTerms = terms(s, "amiSelectorTerms", true, Ec2NodeClassDecoder::amiTerm);
        Optional<AmiFamily> amiFamily = amiFamily(s, amiTerms);
        String userData = s.string("userData").orElse(null);
        Optional<String> role = s.string("role");
        Optional<String> instanceProfile = s.string("instanceProfile");
        role.filter(String::isEmpty).ifPresent(r -> s.error("role", "role cannot be empty"));
        instanceProfile
                .filter(String::isEmpty)
                .ifPresent(r -> s.error("instanceProfile", "instanceProfile cannot be empty"));
        if (s.has("role") == s.has("instanceProfile")) {
            s.error("must specify exactly one of ['role', 'instanceProfile']");
        }
        Map<String, String> tags = s.stringMap("tags").orElse(Map.of());
        tags.forEach((k, v) -> {
            FieldPath at = s.pathOf("tags").key(k);
            if (k.isEmpty()) {
                s.diagnostics().error(at, "empty tag keys aren't supported");
            }
            for (Pattern restricted : RESTRICTED_TAGS) {
                if (restricted.matcher(k).matches()) {
                    s.diagnostics().error(at, "tag " + k + " is restricted: Fleetwright sets it on every instance");
                }
            }
        });
        KubeletConfiguration kubelet =
                s.object("kubelet").map(KubeletDecoder::decode).orElse(KubeletConfiguration.DEFAULT);
        List<BlockDeviceMapping> blockDevices = s.field("blockDeviceMappings")
                .map(Ec2NodeClassDecoder::blockDeviceMappings)
                .orElse(List.of());
        InstanceStorePolicy instanceStorePolicy = s.string("instanceStorePolicy")
                .flatMap(text -> enumValue(s, "instanceStorePolicy", text, InstanceStorePolicy::fromWireName, "RAID0"))
                .orElse(null);
        Boolean detailedMonitoring = s.bool("detailedMonitoring").orElse(null);
        MetadataOptions metadataOptions = s.object("metadataOptions")
                .map(Ec2NodeClassDecoder::metadataOptions)
                .orElse(MetadataOptions.DEFAULT);
        String context = s.string("context").orElse(null);
        s.rejectUnknownFields(Map.of(
                "subnetSelector", "subnetSelector was replaced by subnetSelectorTerms in karpenter.k8s.aws/v1beta1",
                "securityGroupSelector",
                        "securityGroupSelector was replaced by securityGroupSelectorTerms in karpenter.k8s.aws/v1beta1",
                "amiSelector", "amiSelector was replaced by amiSelectorTerms in karpenter.k8s.aws/v1beta1"));
        if (s.diagnostics().count() > before || amiFamily.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Ec2NodeClassSpec(
                subnets,
                securityGroups,
                reservations,
                associatePublicIp,
                ipPrefixCount,
                amiTerms,
                amiFamily.get(),
                userData,
                role.orElse(null),
                instanceProfile.orElse(null),
                tags,
                kubelet,
                blockDevices,
                instanceStorePolicy,
                detailedMonitoring,
                metadataOptions,
                context));
    }

    private static <T> List<T> terms(
            TreeReader s, String field, boolean required, Function<TreeReader, Optional<T>> decoder) {
        List<T> out = new ArrayList<>();
        Optional<TreeValue> value = required ? s.requiredField(field) : s.field(field);
        value.flatMap(TreeValue::asList).ifPresent(list -> {
            if (required && list.isEmpty()) {
                s.error(field, field + " cannot be empty");
            }
            if (list.size() > MAX_TERMS) {
                s.error(field, "at most " + MAX_TERMS + " terms are allowed, got " + list.size());
            }
            for (TreeValue element : list) {
                element.asObject().flatMap(decoder).ifPresent(out::add);
            }
        });
        return out;
    }

    private static Map<String, String> termTags(TreeReader t) {
        Map<String, String> tags = t.stringMap("tags").orElse(Map.of());
        if (tags.size() > MAX_TERM_TAGS) {
            t.error("tags", "at most " + MAX_TERM_TAGS + " tags are allowed, got " + tags.size());
        }
        tags.forEach((k, v) -> {
            if (k.isEmpty() || v.isEmpty()) {
                t.diagnostics().error(t.pathOf("tags").key(k), "empty tag keys or values aren't supported");
            }
        });
        return tags;
    }

    private static Optional<String> pattern(TreeReader t, String field, Pattern pattern, String example) {
        Optional<String> value = t.string(field);
        if (value.isPresent()
                && !pattern.matcher(value.get()).matches()
                && !t.diagnostics().hasKeptPlaceholder(value.get())) {
            t.error(field, "\"" + value.get() + "\" is not " + example);
            return Optional.empty();
        }
        return value;
    }

    private static Optional<SubnetSelectorTerm> subnetTerm(TreeReader t) {
        int before = t.diagnostics().count();
        Map<String, String> tags = termTags(t);
        boolean hasId = t.has("id");
        String id = pattern(t, "id", SUBNET_ID, "a subnet ID like subnet-0123456789abcdef0")
                .orElse(null);
        String cidr = t.string("cidr").orElse(null);
        t.rejectUnknownFields();
        if (tags.isEmpty() && !hasId && cidr == null) {
            t.error("expected at least one, got none, ['tags', 'id', 'cidr']");
        } else if (hasId && (!tags.isEmpty() || cidr != null)) {
            t.error("'id' is mutually exclusive, cannot be set with a combination of other fields in a subnet"
                    + " selector term");
        }
        return t.diagnostics().count() > before
                ? Optional.empty()
                : Optional.of(new SubnetSelectorTerm(tags, id, cidr));
    }

    private static Optional<SecurityGroupSelectorTerm> securityGroupTerm(TreeReader t) {
        int before = t.diagnostics().count();
        Map<String, String> tags = termTags(t);
        boolean hasId = t.has("id");
        String id = pattern(t, "id", SECURITY_GROUP_ID, "a security group ID like sg-0123456789abcdef0")
                .orElse(null);
        boolean hasName = t.has("name");
        String name = t.string("name").orElse(null);
        t.rejectUnknownFields();
        if (tags.isEmpty() && !hasId && !hasName) {
            t.error("expected at least one, got none, ['tags', 'id', 'name']");
        } else if (hasId && (!tags.isEmpty() || hasName)) {
            t.error("'id' is mutually exclusive, cannot be set with a combination of other fields in a security group"
                    + " selector term");
        } else if (hasName && !tags.isEmpty()) {
            t.error("'name' is mutually exclusive, cannot be set with a combination of other fields in a security"
                    + " group selector term");
        }
        return t.diagnostics().count() > before
                ? Optional.empty()
                : Optional.of(new SecurityGroupSelectorTerm(tags, id, name));
    }

    private static Optional<CapacityReservationSelectorTerm> capacityReservationTerm(TreeReader t) {
        int before = t.diagnostics().count();
        Map<String, String> tags = termTags(t);
        boolean hasId = t.has("id");
        String id = pattern(t, "id", CAPACITY_RESERVATION_ID, "a capacity reservation ID like cr-0123456789abcdef0")
                .orElse(null);
        boolean hasOwner = t.has("ownerID");
        String owner =
                pattern(t, "ownerID", ACCOUNT_ID, "a 12-digit AWS account ID").orElse(null);
        boolean hasCriteria = t.has("instanceMatchCriteria");
        String criteria = t.string("instanceMatchCriteria").orElse(null);
        if (criteria != null && !criteria.equals("open") && !criteria.equals("targeted")) {
            t.error("instanceMatchCriteria", "instanceMatchCriteria \"" + criteria + "\" is not one of open, targeted");
        }
        t.rejectUnknownFields();
        if (tags.isEmpty() && !hasId && !hasCriteria) {
            t.error("expected at least one, got none, ['tags', 'id', 'instanceMatchCriteria']");
        } else if (hasId && (!tags.isEmpty() || hasOwner || hasCriteria)) {
            t.error("'id' is mutually exclusive, cannot be set along with other fields in a capacity reservation"
                    + " selector term");
        }
        return t.diagnostics().count() > before
                ? Optional.empty()
                : Optional.of(new CapacityReservationSelectorTerm(tags, id, owner, criteria));
    }

    private static Optional<AmiSelectorTerm> amiTerm(TreeReader t) {
        int before = t.diagnostics().count();
        boolean hasAlias = t.has("alias");
        String alias = t.string("alias").orElse(null);
        if (alias != null) {
            try {
                AmiAlias.parse(alias);
            } catch (IllegalArgumentException e) {
                t.error("alias", e.getMessage());
            }
        }
        Map<String, String> tags = termTags(t);
        boolean hasId = t.has("id");
        String id =
                pattern(t, "id", AMI_ID, "an AMI ID like ami-0123456789abcdef0").orElse(null);
        boolean hasName = t.has("name");
        String name = t.string("name").orElse(null);
        boolean hasOwner = t.has("owner");
        String owner = t.string("owner").orElse(null);
        boolean hasSsm = t.has("ssmParameter");
        String ssm = t.string("ssmParameter").orElse(null);
        t.rejectUnknownFields();
        if (tags.isEmpty() && !hasId && !hasName && !hasAlias && !hasSsm) {
            t.error("expected at least one, got none, ['tags', 'id', 'name', 'alias', 'ssmParameter']");
        } else if (hasId && (hasAlias || !tags.isEmpty() || hasName || hasOwner)) {
            t.error("'id' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms");
        } else if (hasAlias && (!tags.isEmpty() || hasName || hasOwner)) {
            t.error("'alias' is mutually exclusive, cannot be set with a combination of other fields in"
                    + " amiSelectorTerms");
        }
        return t.diagnostics().count() > before
                ? Optional.empty()
                : Optional.of(new AmiSelectorTerm(alias, tags, id, name, owner, ssm));
    }

    /** The effective family: amiFamily when set (it must match the alias or be Custom), else the alias' family. */
    private static Optional<AmiFamily> amiFamily(TreeReader s, List<AmiSelectorTerm> terms) {
        Optional<AmiFamily> written = s.string("amiFamily")
                .flatMap(text -> enumValue(s, "amiFamily", text, AmiFamily::fromWireName, FAMILIES));
        boolean hasAliasTerm = terms.stream().anyMatch(t -> !t.alias().isEmpty());
        if (hasAliasTerm && terms.size() != 1) {
            s.error(
                    "amiSelectorTerms",
                    "'alias' is mutually exclusive, cannot be set with a combination of other" + " amiSelectorTerms");
        }
        Optional<AmiAlias> alias = terms.stream()
                .filter(t -> !t.alias().isEmpty())
                .findFirst()
                .flatMap(t -> {
                    try {
                        return t.parsedAlias();
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
        if (written.isPresent()) {
            AmiFamily family = written.get();
            if (alias.isPresent()
                    && family != AmiFamily.CUSTOM
                    && family != alias.get().family()) {
                s.error(
                        "amiFamily",
                        "if set, amiFamily must be '" + alias.get().family().wireName()
                                + "' or 'Custom' when using "
                                + article(alias.get().family()) + " "
                                + alias.get().family().wireName() + " alias");
            }
            return written;
        }
        if (alias.isPresent()) {
            return Optional.of(alias.get().family());
        }
        if (!hasAliasTerm && !s.has("amiFamily")) {
            s.error("amiFamily", "must specify amiFamily if amiSelectorTerms does not contain an alias");
        }
        return Optional.empty();
    }

    private static String article(AmiFamily family) {
        return family == AmiFamily.AL2 || family == AmiFamily.AL2023 ? "an" : "a";
    }

    private static List<BlockDeviceMapping> blockDeviceMappings(TreeValue value) {
        List<BlockDeviceMapping> out = new ArrayList<>();
        value.asList().ifPresent(list -> {
            if (list.size() > MAX_BLOCK_DEVICE_MAPPINGS) {
                value.error("at most " + MAX_BLOCK_DEVICE_MAPPINGS + " block device mappings are allowed, got "
                        + list.size());
            }
            int roots = 0;
            for (TreeValue element : list) {
                Optional<TreeReader> reader = element.asObject();
                if (reader.isEmpty()) {
                    continue;
                }
                // Counted on the raw value so the rule is reported even when a mapping has other errors.
                if (Boolean.TRUE.equals(reader.get().peek("rootVolume"))) {
                    roots++;
                }
                blockDeviceMapping(reader.get()).ifPresent(out::add);
            }
            if (roots > 1) {
                value.error("must have only one blockDeviceMappings with rootVolume");
            }
        });
        return out;
    }

    private static Optional<BlockDeviceMapping> blockDeviceMapping(TreeReader m) {
        int before = m.diagnostics().count();
        Optional<String> deviceName = m.requiredString("deviceName");
        Optional<BlockDevice> ebs = m.requiredObject("ebs").flatMap(Ec2NodeClassDecoder::blockDevice);
        boolean rootVolume = m.bool("rootVolume").orElse(false);
        m.rejectUnknownFields();
        if (m.diagnostics().count() > before || deviceName.isEmpty() || ebs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BlockDeviceMapping(deviceName.get(), ebs.get(), rootVolume));
    }

    private static Optional<BlockDevice> blockDevice(TreeReader e) {
        int before = e.diagnostics().count();
        Boolean deleteOnTermination = e.bool("deleteOnTermination").orElse(null);
        Boolean encrypted = e.bool("encrypted").orElse(null);
        Long iops = e.longInteger("iops").orElse(null);
        String kmsKeyId = e.string("kmsKeyID").orElse(null);
        String snapshotId = e.string("snapshotID").orElse(null);
        Long throughput = e.longInteger("throughput").orElse(null);
        Integer initializationRate = e.integer("volumeInitializationRate").orElse(null);
        if (initializationRate != null && (initializationRate < 100 || initializationRate > 300)) {
            e.error(
                    "volumeInitializationRate",
                    "volumeInitializationRate must be within 100..300 MiB/s, got " + initializationRate);
        }
        if (initializationRate != null && (snapshotId == null || snapshotId.isEmpty())) {
            e.error("snapshotID must be set when volumeInitializationRate is set");
        }
        boolean hasSize = e.has("volumeSize");
        Long sizeBytes = e.field("volumeSize")
                .flatMap(TreeValue::asIntOrString)
                .flatMap(text -> volumeSize(e, text))
                .orElse(null);
        if (!hasSize && snapshotId == null) {
            e.error("snapshotID or volumeSize must be defined");
        }
        EbsVolumeType volumeType = e.string("volumeType")
                .flatMap(text -> enumValue(
                        e, "volumeType", text, EbsVolumeType::fromWireName, "standard, io1, io2, gp2, sc1, st1, gp3"))
                .orElse(null);
        e.rejectUnknownFields();
        if (e.diagnostics().count() > before) {
            return Optional.empty();
        }
        return Optional.of(new BlockDevice(
                deleteOnTermination,
                encrypted,
                iops,
                kmsKeyId,
                snapshotId,
                throughput,
                initializationRate,
                sizeBytes,
                volumeType));
    }

    /** A volume size in Gi, G, Ti or T between 1G and 64T ([A] ec2nodeclass.go pattern and validation). */
    private static Optional<Long> volumeSize(TreeReader e, String text) {
        var matcher = VOLUME_SIZE.matcher(text);
        if (!matcher.matches()) {
            e.error("volumeSize", "\"" + text + "\" is not a volume size in Gi, G, Ti or T, such as 100Gi");
            return Optional.empty();
        }
        BigInteger number = new BigInteger(matcher.group(1));
        BigInteger unit = switch (matcher.group(2)) {
            case "Gi" -> BigInteger.ONE.shiftLeft(30);
            case "G" -> BigInteger.TEN.pow(9);
            case "Ti" -> BigInteger.ONE.shiftLeft(40);
            default -> BigInteger.TEN.pow(12);
        };
        BigInteger bytes = number.multiply(unit);
        if (bytes.compareTo(MIN_VOLUME_BYTES) < 0 || bytes.compareTo(MAX_VOLUME_BYTES) > 0) {
            e.error("volumeSize", "volumeSize " + text + " is outside 1G..64T");
            return Optional.empty();
        }
        return Optional.of(bytes.longValueExact());
    }

    private static MetadataOptions metadataOptions(TreeReader m) {
        int before = m.diagnostics().count();
        MetadataOptions.State endpoint = m.string("httpEndpoint")
                .flatMap(t -> enumValue(m, "httpEndpoint", t, MetadataOptions.State::fromWireName, "enabled, disabled"))
                .orElse(MetadataOptions.DEFAULT.httpEndpoint());
        MetadataOptions.State ipv6 = m.string("httpProtocolIPv6")
                .flatMap(t ->
                        enumValue(m, "httpProtocolIPv6", t, MetadataOptions.State::fromWireName, "enabled, disabled"))
                .orElse(MetadataOptions.DEFAULT.httpProtocolIpv6());
        int hopLimit = m.integer("httpPutResponseHopLimit").orElse(MetadataOptions.DEFAULT_HOP_LIMIT);
        if (hopLimit < MetadataOptions.MIN_HOP_LIMIT || hopLimit > MetadataOptions.MAX_HOP_LIMIT) {
            m.error("httpPutResponseHopLimit", "httpPutResponseHopLimit must be within 1..64, got " + hopLimit);
        }
        MetadataOptions.HttpTokens tokens = m.string("httpTokens")
                .flatMap(t ->
                        enumValue(m, "httpTokens", t, MetadataOptions.HttpTokens::fromWireName, "required, optional"))
                .orElse(MetadataOptions.DEFAULT.httpTokens());
        m.rejectUnknownFields();
        if (m.diagnostics().count() > before) {
            return MetadataOptions.DEFAULT;
        }
        return new MetadataOptions(endpoint, ipv6, hopLimit, tokens);
    }

    private static <E> Optional<E> enumValue(
            TreeReader r, String field, String text, Function<String, Optional<E>> parse, String allowed) {
        Optional<E> value = parse.apply(text);
        if (value.isEmpty()) {
            String hint = Suggestions.closest(text, Arrays.asList(allowed.split(", ")))
                    .map(s -> "; did you mean " + s + "?")
                    .orElse("");
            r.error(field, field + " \"" + text + "\" is not one of " + allowed + hint);
        }
        return value;
    }
}
