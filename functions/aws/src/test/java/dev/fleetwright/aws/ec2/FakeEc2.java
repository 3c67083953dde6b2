package dev.fleetwright.aws.ec2;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycle;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;

/**
 * A fake EC2 at the SDK boundary: subnets, security groups, images, launch templates and instances in memory, the
 * filters the adapter uses, CreateFleet answered by a script (default: the override with the lowest priority launches),
 * failures injected per operation, and every request recorded. It exists for what moto cannot do: CreateFleet {@code
 * Errors[]} (insufficient capacity) and throttling.
 */
final class FakeEc2 implements Ec2Client {

    final List<SdkRequest> requests = new ArrayList<>();
    final List<Subnet> subnets = new ArrayList<>();
    final List<SecurityGroup> securityGroups = new ArrayList<>();
    final List<Image> images = new ArrayList<>();
    final Map<String, CreateLaunchTemplateRequest> launchTemplates = new LinkedHashMap<>();
    final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Deque<Function<CreateFleetRequest, CreateFleetResponse>> fleetScript = new ArrayDeque<>();
    private final Map<String, Deque<RuntimeException>> failures = new LinkedHashMap<>();
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private int nextInstance = 1;

    // ---- set-up -------------------------------------------------------------------------------------------------

    FakeEc2 subnet(String id, String zone, int freeIps, Map<String, String> tags) {
        subnets.add(Subnet.builder()
                .subnetId(id)
                .availabilityZone(zone)
                .availabilityZoneId("use1-az" + zone.charAt(zone.length() - 1))
                .availableIpAddressCount(freeIps)
                .cidrBlock("10.0." + subnets.size() + ".0/24")
                .mapPublicIpOnLaunch(false)
                .tags(tags(tags))
                .build());
        return this;
    }

    FakeEc2 securityGroup(String id, String name, Map<String, String> tags) {
        securityGroups.add(SecurityGroup.builder()
                .groupId(id)
                .groupName(name)
                .tags(tags(tags))
                .build());
        return this;
    }

    FakeEc2 image(String id, String name, String arch, String created, String owner, Map<String, String> tags) {
        images.add(Image.builder()
                .imageId(id)
                .name(name)
                .architecture(arch)
                .creationDate(created)
                .ownerId(owner)
                .state("available")
                .tags(tags(tags))
                .build());
        return this;
    }

    /** The next CreateFleet answers with {@code response}. */
    FakeEc2 nextFleet(Function<CreateFleetRequest, CreateFleetResponse> response) {
        fleetScript.add(response);
        return this;
    }

    /** The next call of {@code operation} throws {@code failure} (queued per operation). */
    FakeEc2 failNext(String operation, RuntimeException failure) {
        failures.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(failure);
        return this;
    }

    static Ec2Exception error(String code, int status) {
        return (Ec2Exception) Ec2Exception.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code + " (fake)")
                        .serviceName("EC2")
                        .build())
                .statusCode(status)
                .message(code)
                .build();
    }

    <T extends SdkRequest> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    // ---- the default CreateFleet behaviour ----------------------------------------------------------------------

    /** Launches the override with the lowest priority, tagged as the request says. */
    CreateFleetResponse launchFirst(CreateFleetRequest request) {
        var config = request.launchTemplateConfigs().stream()
                .min((a, b) -> Double.compare(lowestPriority(a.overrides()), lowestPriority(b.overrides())))
                .orElseThrow();
        FleetLaunchTemplateOverridesRequest o = config.overrides().stream()
                .min((a, b) -> Double.compare(a.priority(), b.priority()))
                .orElseThrow();
        String id = launch(o, request, request.targetCapacitySpecification().defaultTargetCapacityTypeAsString());
        return CreateFleetResponse.builder()
                .fleetId("fleet-" + id)
                .instances(CreateFleetInstance.builder()
                        .instanceIds(id)
                        .instanceType(o.instanceTypeAsString())
                        .lifecycle(request.targetCapacitySpecification().defaultTargetCapacityTypeAsString())
                        .launchTemplateAndOverrides(l -> l.launchTemplateSpecification(s -> s.launchTemplateName(
                                        config.launchTemplateSpecification().launchTemplateName()))
                                .overrides(asResponse(o)))
                        .build())
                .build();
    }

    String launch(FleetLaunchTemplateOverridesRequest o, CreateFleetRequest request, String lifecycle) {
        String id = String.format("i-%017x", nextInstance++);
        List<Tag> tags = request.tagSpecifications().stream()
                .filter(t -> t.resourceType() == ResourceType.INSTANCE)
                .findFirst()
                .map(TagSpecification::tags)
                .orElse(List.of());
        instances.put(
                id,
                Instance.builder()
                        .instanceId(id)
                        .instanceType(o.instanceTypeAsString())
                        .subnetId(o.subnetId())
                        .imageId(o.imageId())
                        .placement(p -> p.availabilityZone(o.availabilityZone()))
                        .instanceLifecycle("spot".equals(lifecycle) ? "spot" : null)
                        .state(s -> s.name(InstanceStateName.RUNNING))
                        .launchTime(now)
                        .tags(tags)
                        .build());
        now = now.plusSeconds(1);
        return id;
    }

    static FleetLaunchTemplateOverrides asResponse(FleetLaunchTemplateOverridesRequest o) {
        return FleetLaunchTemplateOverrides.builder()
                .instanceType(o.instanceTypeAsString())
                .subnetId(o.subnetId())
                .imageId(o.imageId())
                .availabilityZone(o.availabilityZone())
                .priority(o.priority())
                .build();
    }

    private static double lowestPriority(List<FleetLaunchTemplateOverridesRequest> overrides) {
        return overrides.stream()
                .mapToDouble(FleetLaunchTemplateOverridesRequest::priority)
                .min()
                .orElse(1e9);
    }

    // ---- the API ------------------------------------------------------------------------------------------------

    @Override
    public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest request) {
        record(request, "DescribeSubnets");
        return DescribeSubnetsResponse.builder()
                .subnets(subnets.stream()
                        .filter(s -> matches(
                                request.filters(),
                                name -> switch (name) {
                                    case "subnet-id" -> List.of(s.subnetId());
                                    case "cidr-block" -> List.of(s.cidrBlock());
                                    default -> null;
                                },
                                s.tags()))
                        .toList())
                .build();
    }

    @Override
    public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest request) {
        record(request, "DescribeSecurityGroups");
        return DescribeSecurityGroupsResponse.builder()
                .securityGroups(securityGroups.stream()
                        .filter(g -> matches(
                                request.filters(),
                                name -> switch (name) {
                                    case "group-id" -> List.of(g.groupId());
                                    case "group-name" -> List.of(g.groupName());
                                    default -> null;
                                },
                                g.tags()))
                        .toList())
                .build();
    }

    @Override
    public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
        record(request, "DescribeImages");
        return DescribeImagesResponse.builder()
                .images(images.stream()
                        .filter(i -> !request.hasOwners()
                                || request.owners().contains(i.ownerId())
                                || (request.owners().contains("amazon") && "amazon".equals(i.ownerId())))
                        .filter(i -> matches(
                                request.filters(),
                                name -> switch (name) {
                                    case "image-id" -> List.of(i.imageId());
                                    case "name" -> List.of(i.name());
                                    case "state" -> List.of(i.stateAsString());
                                    default -> null;
                                },
                                i.tags()))
                        .toList())
                .build();
    }

    @Override
    public DescribeLaunchTemplatesResponse describeLaunchTemplates(DescribeLaunchTemplatesRequest request) {
        record(request, "DescribeLaunchTemplates");
        List<LaunchTemplate> found = new ArrayList<>();
        for (String name : request.launchTemplateNames()) {
            if (!launchTemplates.containsKey(name)) {
                throw error("InvalidLaunchTemplateName.NotFoundException", 400);
            }
            found.add(LaunchTemplate.builder().launchTemplateName(name).build());
        }
        return DescribeLaunchTemplatesResponse.builder().launchTemplates(found).build();
    }

    @Override
    public CreateLaunchTemplateResponse createLaunchTemplate(CreateLaunchTemplateRequest request) {
        record(request, "CreateLaunchTemplate");
        if (launchTemplates.containsKey(request.launchTemplateName())) {
            throw error("InvalidLaunchTemplateName.AlreadyExistsException", 400);
        }
        launchTemplates.put(request.launchTemplateName(), request);
        return CreateLaunchTemplateResponse.builder()
                .launchTemplate(l -> l.launchTemplateName(request.launchTemplateName()))
                .build();
    }

    @Override
    public CreateFleetResponse createFleet(CreateFleetRequest request) {
        record(request, "CreateFleet");
        for (var config : request.launchTemplateConfigs()) {
            String name = config.launchTemplateSpecification().launchTemplateName();
            if (!launchTemplates.containsKey(name)) {
                throw error("InvalidLaunchTemplateName.NotFoundException", 400);
            }
        }
        Function<CreateFleetRequest, CreateFleetResponse> next = fleetScript.poll();
        return next == null ? launchFirst(request) : next.apply(request);
    }

    @Override
    public DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
        record(request, "DescribeInstances");
        List<Instance> found = new ArrayList<>();
        for (String id : request.instanceIds()) {
            if (!instances.containsKey(id)) {
                throw error("InvalidInstanceID.NotFound", 400);
            }
        }
        for (Instance i : instances.values()) {
            if (request.hasInstanceIds() && !request.instanceIds().contains(i.instanceId())) {
                continue;
            }
            if (matches(
                    request.filters(),
                    name -> switch (name) {
                        case "instance-state-name" -> List.of(i.state().nameAsString());
                        default -> null;
                    },
                    i.tags())) {
                found.add(i);
            }
        }
        return DescribeInstancesResponse.builder()
                .reservations(
                        found.isEmpty()
                                ? List.of()
                                : List.of(Reservation.builder().instances(found).build()))
                .build();
    }

    @Override
    public TerminateInstancesResponse terminateInstances(TerminateInstancesRequest request) {
        record(request, "TerminateInstances");
        for (String id : request.instanceIds()) {
            Instance i = instances.get(id);
            if (i == null) {
                throw error("InvalidInstanceID.NotFound", 400);
            }
            instances.put(
                    id,
                    i.toBuilder()
                            .state(s -> s.name(InstanceStateName.SHUTTING_DOWN))
                            .build());
        }
        return TerminateInstancesResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return "ec2";
    }

    @Override
    public void close() {}

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void record(SdkRequest request, String operation) {
        requests.add(request);
        Deque<RuntimeException> queue = failures.get(operation);
        if (queue != null && !queue.isEmpty()) {
            throw queue.poll();
        }
    }

    /** Whether every filter matches: known attributes, {@code tag:K} and {@code tag-key}; unknown filters fail. */
    private static boolean matches(List<Filter> filters, Function<String, List<String>> attribute, List<Tag> tags) {
        for (Filter f : filters) {
            String name = f.name();
            Predicate<String> anyValue = v -> f.values().contains(v);
            if (name.startsWith("tag:")) {
                String key = name.substring(4);
                if (tags.stream().noneMatch(t -> t.key().equals(key) && anyValue.test(t.value()))) {
                    return false;
                }
            } else if (name.equals("tag-key")) {
                if (tags.stream().noneMatch(t -> anyValue.test(t.key()))) {
                    return false;
                }
            } else {
                List<String> values = attribute.apply(name);
                if (values == null) {
                    throw new IllegalArgumentException("the fake does not know the filter " + name);
                }
                if (values.stream().noneMatch(anyValue)) {
                    return false;
                }
            }
        }
        return true;
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    /** A fleet response with errors and, when {@code launched} is not null, that override launched. */
    CreateFleetResponse respond(
            CreateFleetRequest request,
            List<software.amazon.awssdk.services.ec2.model.CreateFleetError> errors,
            FleetLaunchTemplateOverridesRequest launched) {
        CreateFleetResponse.Builder b =
                CreateFleetResponse.builder().fleetId("fleet-x").errors(errors);
        if (launched != null) {
            String lifecycle = request.targetCapacitySpecification().defaultTargetCapacityTypeAsString();
            String id = launch(launched, request, lifecycle);
            b.instances(CreateFleetInstance.builder()
                    .instanceIds(id)
                    .instanceType(launched.instanceTypeAsString())
                    .lifecycle(InstanceLifecycle.fromValue(lifecycle))
                    .launchTemplateAndOverrides(l -> l.overrides(asResponse(launched)))
                    .build());
        }
        return b.build();
    }
}
