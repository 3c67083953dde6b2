package dev.fleetwright.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.fleetwright.aws.dynamodb.DynamoDbLease;
import dev.fleetwright.aws.dynamodb.DynamoDbNodeClaimStore;
import dev.fleetwright.aws.dynamodb.DynamoDbUnavailableOfferings;
import dev.fleetwright.aws.dynamodb.NodeClaimTableSettings;
import dev.fleetwright.aws.dynamodb.StateTableSettings;
import dev.fleetwright.aws.dynamodb.TableSchemas;
import dev.fleetwright.aws.ec2.NodeClassResolver;
import dev.fleetwright.aws.ec2.userdata.MimeArchive;
import dev.fleetwright.core.api.ConditionStatus;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimConditionType;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.InstanceTypeInfo;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The provisioner function end to end on real engines: the handler, wired by {@link ClusterProvisioners} exactly as in
 * Lambda, driven by {@code events/provisioning/}, against
 *
 * <ul>
 *   <li>DynamoDB Local (HTTP server) with the NodeClaims and state tables from {@link TableSchemas};
 *   <li>a moto server for EC2, SSM and IAM ({@code -Dmoto.endpoint=http://127.0.0.1:PORT}, as {@code .ci/moto.sh}
 *       starts it): a VPC with subnets and a security group tagged for discovery, AL2023 alias parameters seeded under
 *       a test root (moto, like AWS, refuses names under {@code /aws}), the node role;
 *   <li>fabric8's mock Kubernetes API server (CRUD mode) holding the EC2NodeClass, NodePools and pending pods, read
 *       with client-java and the EKS bearer token;
 *   <li>a WireMock stub of EKS {@code DescribeCluster} pointing at that API server.
 * </ul>
 *
 * <p>moto's CreateFleet never reports {@code Errors[]}; {@link CapacityShortage} adds insufficient capacity at the SDK
 * boundary. Every run uses its own discovery tag, EC2NodeClass, role and SSM root, so reruns against one moto server
 * do not see each other's resources; the cluster name is the one in the sample events.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("ProvisionerHandler end to end: DynamoDB Local, moto (EC2, SSM, IAM), mock Kubernetes API, EKS stub")
class ProvisionerHandlerIT {

    static final String CLUSTER = "fleetwright-test";
    static final String RUN = "it" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    static final String NODE_CLASS = "nodes-" + RUN;
    static final String PARAMETER_ROOT = "/fleetwright-" + RUN + "/aws/service";
    static final String SERVICE_CIDR = "10.100.0.0/16";
    static final String DEDICATED = "fleetwright.dev/dedicated";
    static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.bundled();

    static DynamoDbLocalServer dynamoDbLocal;
    static MockKubernetes kubernetes;
    static EksStub eks;
    static ProvisionerClients clients;
    static CapacityShortage shortage;
    static Ec2Client moto;
    static ProvisionerSettings settings;
    static RecordingMetrics metrics;
    static ProvisionerHandler handler;
    static DynamoDbNodeClaimStore store;
    static List<String> subnets;
    static String securityGroup;
    static String x86Ami;
    static int requests;

    static String motoEndpoint() {
        String endpoint = System.getProperty("moto.endpoint");
        if (endpoint == null || endpoint.isBlank() || endpoint.contains("${")) {
            throw new IllegalStateException("set -Dmoto.endpoint=http://127.0.0.1:PORT to a running moto server"
                    + " (bash .ci/moto.sh start prints one)");
        }
        return endpoint;
    }

    @BeforeAll
    static void setUp() {
        URI motoUri = URI.create(motoEndpoint());
        dynamoDbLocal = new DynamoDbLocalServer();
        kubernetes = new MockKubernetes();
        eks = new EksStub();

        DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .endpointOverride(dynamoDbLocal.endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(EksStub.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        moto = Ec2Client.builder()
                .endpointOverride(motoUri)
                .region(Region.US_EAST_1)
                .credentialsProvider(EksStub.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        CapacityShortage.Wrapped wrapped = CapacityShortage.wrap(moto);
        shortage = wrapped.shortage();
        clients = new ProvisionerClients(
                dynamoDb,
                wrapped.client(),
                SsmClient.builder()
                        .endpointOverride(motoUri)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(EksStub.CREDENTIALS)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                IamClient.builder()
                        .endpointOverride(motoUri)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(EksStub.CREDENTIALS)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build(),
                eks.client(),
                EksStub.CREDENTIALS);

        settings = new ProvisionerSettings(
                        List.of(CLUSTER),
                        NodeClaimTableSettings.of("fleetwright-nodeclaims-" + RUN),
                        StateTableSettings.of("fleetwright-state-" + RUN),
                        true,
                        ProvisionerSettings.DEFAULT_LEASE,
                        ProvisionerSettings.DEFAULT_MAX_ROUNDS,
                        "us-east-1",
                        ProvisionerSettings.DEFAULT_METRICS_NAMESPACE,
                        "/aws/service",
                        "")
                .withSsmParameterRoot(PARAMETER_ROOT);
        TableSchemas.create(
                dynamoDb, TableSchemas.nodeClaimsTable(settings.nodeClaims().tableName()));
        TableSchemas.create(
                dynamoDb, TableSchemas.stateTable(settings.stateTable().tableName()));
        store = new DynamoDbNodeClaimStore(dynamoDb, settings.nodeClaims());

        seedAws();
        eks.active(CLUSTER, kubernetes.url(), SERVICE_CIDR);
        seedKubernetes();

        metrics = new RecordingMetrics();
        handler = new ProvisionerHandler(
                settings,
                new ClusterProvisioners(settings, clients, CATALOG, Clock.systemUTC()),
                metrics,
                Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (moto != null) {
            moto.close();
        }
        if (eks != null) {
            eks.close();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (dynamoDbLocal != null) {
            dynamoDbLocal.close();
        }
    }

    static void seedAws() {
        String vpc = moto.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        Map<String, String> discovery = Map.of("karpenter.sh/discovery", RUN);
        subnets = List.of(
                subnet(vpc, "10.30.1.0/24", "us-east-1a", discovery),
                subnet(vpc, "10.30.2.0/24", "us-east-1b", discovery));
        securityGroup = moto.createSecurityGroup(b -> b.groupName("nodes-" + RUN)
                        .description("nodes")
                        .vpcId(vpc)
                        .tagSpecifications(tags(ResourceType.SECURITY_GROUP, discovery)))
                .groupId();
        x86Ami = amazonImage("x86_64");
        String base = PARAMETER_ROOT + "/eks/optimized-ami/1.31/amazon-linux-2023/";
        putParameter(base + "x86_64/standard/recommended/image_id", x86Ami);
        putParameter(base + "arm64/standard/recommended/image_id", amazonImage("arm64"));
        clients.iam()
                .createRole(b -> b.roleName("KarpenterNodeRole-" + RUN)
                        .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
    }

    static void seedKubernetes() {
        kubernetes.createCustom("ec2nodeclasses", """
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata:
                  name: %1$s
                spec:
                  role: KarpenterNodeRole-%2$s
                  amiSelectorTerms:
                    - alias: al2023@latest
                  subnetSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: %2$s
                  securityGroupSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: %2$s
                  tags:
                    team: platform
                """.formatted(NODE_CLASS, RUN));
        kubernetes.createCustom("nodepools", nodePool("general", 1, Map.of(), """
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: ["on-demand"]
                        - key: karpenter.k8s.aws/instance-category
                          operator: In
                          values: ["c", "m"]
                        - key: karpenter.k8s.aws/instance-size
                          operator: In
                          values: ["large", "xlarge", "2xlarge"]
                        - key: kubernetes.io/arch
                          operator: In
                          values: ["amd64"]
                """));
        // The pods the forwarder's event lists, as the API server holds them.
        for (String suffix :
                List.of("2xk4q", "7bwzp", "9cfmt", "b4hnl", "dq8sv", "fj2rx", "hk6wd", "m3tzc", "p8vqn", "x5lgj")) {
            kubernetes.create(pendingPod("inflate-5d9c97845d-" + suffix, Map.of()));
        }
    }

    /**
     * A NodePool of this run's EC2NodeClass. Every NodePool but {@code general} is tainted {@value #DEDICATED}, so that
     * the inflate pods (which do not tolerate it) never take the room a NodeClaim was launched for in another test.
     */
    static String nodePool(String name, int weight, Map<String, String> labels, String requirements) {
        String taints = name.equals("general")
                ? ""
                : "      taints:\n        - {key: " + DEDICATED + ", value: \"true\", effect: NoSchedule}\n";
        String labelYaml = labels.isEmpty()
                ? ""
                : "    metadata:\n      labels:\n"
                        + labels.entrySet().stream()
                                .map(e -> "        " + e.getKey() + ": " + e.getValue() + "\n")
                                .collect(Collectors.joining());
        return """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: %s
                spec:
                  weight: %d
                  template:
                %s    spec:
                      requirements:
                %s
                %s      nodeClassRef:
                        group: karpenter.k8s.aws
                        kind: EC2NodeClass
                        name: %s
                """.formatted(name, weight, labelYaml, requirements.stripTrailing(), taints, NODE_CLASS);
    }

    /** A pending pod asking for 1 CPU and 1 GiB; one with a node selector tolerates {@value #DEDICATED}. */
    static String pendingPod(String name, Map<String, String> nodeSelector) {
        String selector = nodeSelector.isEmpty()
                ? ""
                : "  nodeSelector:\n"
                        + nodeSelector.entrySet().stream()
                                .map(e -> "    " + e.getKey() + ": " + e.getValue() + "\n")
                                .collect(Collectors.joining())
                        + "  tolerations:\n    - {key: " + DEDICATED + ", operator: Exists, effect: NoSchedule}\n";
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: default
                  labels: {app: inflate}
                spec:
                %s  containers:
                    - name: inflate
                      image: public.ecr.aws/eks-distro/kubernetes/pause:3.7
                      resources:
                        requests: {cpu: "1", memory: 1Gi}
                status:
                  phase: Pending
                  conditions: [{type: PodScheduled, status: "False", reason: Unschedulable}]
                """.formatted(name, selector);
    }

    static String subnet(String vpc, String cidr, String zone, Map<String, String> tags) {
        return moto.createSubnet(b -> b.vpcId(vpc)
                        .cidrBlock(cidr)
                        .availabilityZone(zone)
                        .tagSpecifications(tags(ResourceType.SUBNET, tags)))
                .subnet()
                .subnetId();
    }

    static TagSpecification tags(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder()
                .resourceType(type)
                .tags(tags.entrySet().stream()
                        .map(e -> Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
                        .toList())
                .build();
    }

    static String amazonImage(String arch) {
        return moto
                .describeImages(b -> b.owners("amazon")
                        .filters(Filter.builder()
                                .name("architecture")
                                .values(arch)
                                .build()))
                .images()
                .stream()
                .map(Image::imageId)
                .sorted()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("moto has no " + arch + " image"));
    }

    static void putParameter(String name, String value) {
        clients.ssm()
                .putParameter(b ->
                        b.name(name).value(value).type(ParameterType.STRING).overwrite(true));
    }

    static SQSBatchResponse deliver(String eventFile) {
        requests++;
        return handler.handleRequest(Events.load(eventFile), new TestContext("it-request-" + requests));
    }

    static List<NodeClaim> nodeClaims() {
        return store.list(CLUSTER).stream().map(VersionedNodeClaim::nodeClaim).toList();
    }

    static List<NodeClaim> nodeClaimsOf(String nodePool) {
        return nodeClaims().stream()
                .filter(c -> c.nodePoolName().orElse("").equals(nodePool))
                .toList();
    }

    /** The raw NodeClaim items of the cluster as DynamoDB Local stores them. */
    static List<Map<String, AttributeValue>> items() {
        return clients.dynamoDb()
                .query(b -> b.tableName(settings.nodeClaims().tableName())
                        .consistentRead(true)
                        .keyConditionExpression("#c = :c")
                        .expressionAttributeNames(Map.of("#c", TableSchemas.CLUSTER))
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(CLUSTER))))
                .items();
    }

    static Instance instance(String instanceId) {
        return moto.describeInstances(b -> b.instanceIds(instanceId))
                .reservations()
                .get(0)
                .instances()
                .get(0);
    }

    /** The live instances moto holds for this run's EC2NodeClass. */
    static List<Instance> runInstances() {
        return moto
                .describeInstances(b -> b.filters(
                        Filter.builder()
                                .name("tag:" + Labels.EC2_NODE_CLASS)
                                .values(NODE_CLASS)
                                .build(),
                        Filter.builder()
                                .name("instance-state-name")
                                .values("pending", "running")
                                .build()))
                .reservations()
                .stream()
                .flatMap(r -> r.instances().stream())
                .toList();
    }

    /**
     * The latest versions of this run's launch templates. moto pages the answer and ignores tag filters on
     * DescribeLaunchTemplateVersions, so every page is read and the run's templates are told by the EC2NodeClass tag
     * their data puts on the instance.
     */
    static List<LaunchTemplateVersion> runLaunchTemplates() {
        // Listed by name, then read one by one: moto's DescribeLaunchTemplateVersions without a template ID does not
        // return every template's versions once the server holds templates of earlier runs.
        return moto.describeLaunchTemplatesPaginator(b -> b.maxResults(200)).launchTemplates().stream()
                .filter(t -> t.launchTemplateName().startsWith("fleetwright/" + CLUSTER + "/"))
                .map(t -> moto.describeLaunchTemplateVersions(
                                b -> b.launchTemplateId(t.launchTemplateId()).versions("$Latest"))
                        .launchTemplateVersions()
                        .get(0))
                .filter(v -> v.launchTemplateData().tagSpecifications().stream()
                        .flatMap(t -> t.tags().stream())
                        .anyMatch(t -> t.key().equals(Labels.EC2_NODE_CLASS)
                                && t.value().equals(NODE_CLASS)))
                .toList();
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    static double onDemandPrice(String type) {
        InstanceTypeInfo info = CATALOG.get(type);
        return info.onDemandPriceUsdPerHour();
    }

    @Test
    @Order(1)
    @DisplayName("should persist Launched NodeClaims and launch tagged instances with the cluster's bootstrap")
    void launchesForPendingPods() {
        SQSBatchResponse response = deliver("pending-pods.json");

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<NodeClaim> claims = nodeClaims();
        assertThat(claims).isNotEmpty();
        assertThat(items()).hasSameSizeAs(claims).allSatisfy(item -> {
            assertThat(item.get(TableSchemas.PHASE).s()).isEqualTo(NodeClaimPhase.LAUNCHED.wireName());
            assertThat(item.get(TableSchemas.INSTANCE_ID).s()).startsWith("i-");
        });
        long allocatableCpuMillis = claims.stream()
                .mapToLong(c -> c.status().allocatable().cpuMillis())
                .sum();
        assertThat(allocatableCpuMillis).isGreaterThanOrEqualTo(10 * 1000);

        for (NodeClaim claim : claims) {
            assertThat(claim.status().phase()).isEqualTo(NodeClaimPhase.LAUNCHED);
            Instance instance = instance(claim.status().instanceId());
            assertThat(instance.instanceTypeAsString()).isEqualTo(claim.status().instanceType());
            assertThat(instance.placement().availabilityZone())
                    .isEqualTo(claim.status().zone());
            assertThat(instance.subnetId()).isIn(subnets);
            assertThat(instance.imageId())
                    .isEqualTo(x86Ami)
                    .isEqualTo(claim.status().imageId());
            assertThat(tagMap(instance.tags()))
                    .containsEntry(Labels.NODE_CLAIM_TAG, claim.name())
                    .containsEntry(Labels.NODE_POOL, "general")
                    .containsEntry(Labels.EC2_NODE_CLASS, NODE_CLASS)
                    .containsEntry(Labels.EKS_CLUSTER_NAME_TAG, CLUSTER)
                    .containsEntry("kubernetes.io/cluster/" + CLUSTER, "owned")
                    .containsEntry("Name", claim.name())
                    .containsEntry("team", "platform");

            String userData = decode(moto.describeInstanceAttribute(
                            b -> b.instanceId(instance.instanceId()).attribute(InstanceAttributeName.USER_DATA))
                    .userData()
                    .value());
            assertThat(MimeArchive.parse(userData)).singleElement().satisfies(part -> {
                assertThat(part.contentType()).isEqualTo(MimeArchive.NODE_CONFIG);
                assertThat(part.content())
                        .contains("    name: " + CLUSTER + "\n")
                        .contains(kubernetes.url())
                        .contains("    cidr: \"" + SERVICE_CIDR + "\"\n")
                        .contains("10.100.0.10")
                        .contains("karpenter.sh/nodepool=general")
                        .contains("karpenter.sh/capacity-type=on-demand")
                        .contains("key: karpenter.sh/unregistered");
            });

            List<LaunchTemplateVersion> templates = runLaunchTemplates();
            assertThat(templates).anySatisfy(t -> {
                assertThat(t.launchTemplateName()).startsWith("fleetwright/" + CLUSTER + "/");
                assertThat(t.launchTemplateData().imageId()).isEqualTo(instance.imageId());
                assertThat(decode(t.launchTemplateData().userData())).isEqualTo(userData);
                assertThat(t.launchTemplateData().networkInterfaces().get(0).groups())
                        .containsExactly(securityGroup);
                assertThat(t.launchTemplateData().iamInstanceProfile().name())
                        .isEqualTo(NodeClassResolver.instanceProfileName(CLUSTER, "us-east-1", NODE_CLASS));
            });
        }
        assertThat(runInstances()).hasSameSizeAs(claims);

        Map<String, AttributeValue> lease = clients.dynamoDb()
                .getItem(b -> b.tableName(settings.stateTable().tableName())
                        .consistentRead(true)
                        .key(Map.of(
                                TableSchemas.PARTITION_KEY, AttributeValue.fromS("lease#" + CLUSTER),
                                TableSchemas.SORT_KEY, AttributeValue.fromS(DynamoDbLease.PROVISIONER_LEASE))))
                .item();
        assertThat(lease).as("the lease is released after the reconcile").isEmpty();
        assertThat(metrics.last(CLUSTER, ProvisioningMetrics.NODECLAIMS_CREATED))
                .hasValue(claims.size());
        assertThat(metrics.last(CLUSTER, ProvisioningMetrics.NODECLAIMS_LAUNCHED))
                .hasValue(claims.size());
    }

    @Test
    @Order(2)
    @DisplayName("should launch nothing more when the same event is delivered again")
    void sameEventAgain() {
        Set<String> before = nodeClaims().stream().map(NodeClaim::name).collect(Collectors.toSet());
        int instancesBefore = runInstances().size();

        SQSBatchResponse response = deliver("pending-pods.json");

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(nodeClaims()).extracting(NodeClaim::name).containsExactlyInAnyOrderElementsOf(before);
        assertThat(runInstances()).hasSize(instancesBefore);
        assertThat(metrics.last(CLUSTER, ProvisioningMetrics.NODECLAIMS_CREATED))
                .hasValue(0);
    }

    @Test
    @Order(3)
    @DisplayName("should fall back to the next offering when the cheapest has no capacity, and remember it")
    void cheapestOutOfCapacity() {
        List<String> types = List.of("c5.large", "m5.large");
        String cheapest = types.stream()
                .min(Comparator.comparingDouble(ProvisionerHandlerIT::onDemandPrice))
                .orElseThrow();
        String next =
                types.stream().filter(t -> !t.equals(cheapest)).findFirst().orElseThrow();
        kubernetes.createCustom("nodepools", nodePool("fallback", 1, Map.of(), """
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: ["on-demand"]
                        - key: node.kubernetes.io/instance-type
                          operator: In
                          values: ["c5.large", "m5.large"]
                """));
        kubernetes.create(pendingPod("fallback-0", Map.of(Labels.NODE_POOL, "fallback")));
        int callsBefore = shortage.calls().size();
        shortage.runOutOfCheapestOnNextLaunch();

        SQSBatchResponse response = deliver("provisioning-requested.json");

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<CapacityShortage.FleetCall> calls =
                shortage.calls().subList(callsBefore, shortage.calls().size());
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.requestedTypes().get(0)).isEqualTo(cheapest);
            assertThat(call.refusedTypes()).containsExactly(cheapest);
            assertThat(call.delegated()).isTrue();
            assertThat(call.launchedInstances()).hasSize(1);
        });
        assertThat(nodeClaimsOf("fallback")).singleElement().satisfies(claim -> {
            assertThat(claim.status().phase()).isEqualTo(NodeClaimPhase.LAUNCHED);
            assertThat(claim.status().instanceType()).isEqualTo(next);
            assertThat(instance(claim.status().instanceId()).instanceTypeAsString())
                    .isEqualTo(next);
        });
        Set<OfferingKey> unavailable = new DynamoDbUnavailableOfferings(clients.dynamoDb(), settings.stateTable())
                .unavailable(Clock.systemUTC().instant());
        assertThat(unavailable)
                .contains(
                        new OfferingKey(cheapest, "us-east-1a", CapacityType.ON_DEMAND),
                        new OfferingKey(cheapest, "us-east-1b", CapacityType.ON_DEMAND));

        // Another execution environment (a fresh handler, nothing in memory) reads the shared record in DynamoDB and
        // does not offer EC2 the refused type for the next pod while it is marked.
        kubernetes.create(pendingPod("fallback-1", Map.of(Labels.NODE_POOL, "fallback")));
        ProvisionerHandler other = new ProvisionerHandler(
                settings,
                new ClusterProvisioners(settings, clients, CATALOG, Clock.systemUTC()),
                new RecordingMetrics(),
                Clock.systemUTC());
        int callsBeforeOther = shortage.calls().size();
        requests++;
        SQSBatchResponse again = other.handleRequest(
                Events.load("provisioning-requested.json"), new TestContext("it-request-" + requests));

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(shortage.calls().subList(callsBeforeOther, shortage.calls().size()))
                .singleElement()
                .satisfies(call -> {
                    assertThat(call.requestedTypes()).containsOnly(next);
                    assertThat(call.refusedTypes()).isEmpty();
                });
        assertThat(nodeClaimsOf("fallback"))
                .hasSize(2)
                .allSatisfy(claim -> assertThat(claim.status().instanceType()).isEqualTo(next));
    }

    @Test
    @Order(4)
    @DisplayName("should plan again on the next NodePool when no offering of a NodeClaim has capacity")
    void replansOnInsufficientCapacity() {
        Map<String, String> workload = Map.of("workload", "replan-" + RUN);
        kubernetes.createCustom("nodepools", nodePool("primary", 50, workload, """
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: ["on-demand"]
                        - key: node.kubernetes.io/instance-type
                          operator: In
                          values: ["c6i.large"]
                """));
        kubernetes.createCustom("nodepools", nodePool("secondary", 10, workload, """
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: ["on-demand"]
                        - key: node.kubernetes.io/instance-type
                          operator: In
                          values: ["m6i.large"]
                """));
        kubernetes.create(pendingPod("replan-0", workload));
        int callsBefore = shortage.calls().size();
        shortage.runOutOfCheapestOnNextLaunch();

        SQSBatchResponse response = deliver("pending-pods.json");

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<CapacityShortage.FleetCall> calls = new ArrayList<>(
                shortage.calls().subList(callsBefore, shortage.calls().size()));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).requestedTypes()).containsOnly("c6i.large");
        assertThat(calls.get(0).delegated()).isFalse();
        assertThat(calls.get(1).requestedTypes()).containsOnly("m6i.large");
        assertThat(calls.get(1).launchedInstances()).hasSize(1);

        assertThat(nodeClaimsOf("primary")).singleElement().satisfies(claim -> {
            assertThat(claim.status().phase()).isEqualTo(NodeClaimPhase.FAILED);
            assertThat(claim.status().condition(NodeClaimConditionType.LAUNCHED))
                    .hasValueSatisfying(c -> {
                        assertThat(c.status()).isEqualTo(ConditionStatus.FALSE);
                        assertThat(c.reason()).isEqualTo("InsufficientCapacity");
                    });
        });
        assertThat(nodeClaimsOf("secondary")).singleElement().satisfies(claim -> {
            assertThat(claim.status().phase()).isEqualTo(NodeClaimPhase.LAUNCHED);
            assertThat(instance(claim.status().instanceId()).instanceTypeAsString())
                    .isEqualTo("m6i.large");
        });
        assertThat(metrics.last(CLUSTER, ProvisioningMetrics.INSUFFICIENT_CAPACITY_ERRORS))
                .hasValue(1);
        assertThat(metrics.last(CLUSTER, ProvisioningMetrics.NODECLAIMS_LAUNCHED))
                .hasValue(1);
    }

    @Test
    @Order(5)
    @DisplayName("should register, then initialize, a launched NodeClaim whose node joined, on the scheduled sweep")
    void registersOnSweep() {
        NodeClaim claim = nodeClaimsOf("general").get(0);
        String nodeName = "ip-10-0-1-17.ec2.internal";
        kubernetes.create("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: %s
                  labels:
                    karpenter.sh/nodepool: general
                    node.kubernetes.io/instance-type: %s
                spec:
                  providerID: aws:///%s/%s
                  taints:
                    - key: karpenter.sh/unregistered
                      effect: NoExecute
                    - key: example.com/agent-not-ready
                      value: "true"
                      effect: NoSchedule
                status:
                  allocatable: {cpu: "1930m", memory: "6903Mi", pods: "29"}
                  capacity: {cpu: "2", memory: "7850Mi", pods: "29"}
                  conditions:
                    - type: Ready
                      status: "True"
                """.formatted(
                        nodeName,
                        claim.status().instanceType(),
                        claim.status().zone(),
                        claim.status().instanceId()));

        assertThat(deliver("sweep.json").getBatchItemFailures()).isEmpty();

        io.fabric8.kubernetes.api.model.Node node = kubernetes.node(nodeName);
        assertThat(node.getSpec().getTaints())
                .extracting(io.fabric8.kubernetes.api.model.Taint::getKey)
                .containsExactly("example.com/agent-not-ready");
        assertThat(node.getMetadata().getLabels()).containsEntry(Labels.REGISTERED, "true");
        NodeClaim registered = store.get(CLUSTER, claim.name()).orElseThrow().nodeClaim();
        assertThat(registered.status().phase()).isEqualTo(NodeClaimPhase.REGISTERED);
        assertThat(registered.status().nodeName()).isEqualTo(nodeName);
        assertThat(metrics.last(CLUSTER, ProvisioningMetrics.NODECLAIMS_REGISTERED))
                .hasValue(1);

        assertThat(deliver("sweep.json").getBatchItemFailures()).isEmpty();

        assertThat(kubernetes.node(nodeName).getMetadata().getLabels()).containsEntry(Labels.INITIALIZED, "true");
        assertThat(store.get(CLUSTER, claim.name())
                        .orElseThrow()
                        .nodeClaim()
                        .status()
                        .phase())
                .isEqualTo(NodeClaimPhase.INITIALIZED);
        assertThat(metrics.last(CLUSTER, ProvisioningMetrics.NODECLAIMS_INITIALIZED))
                .hasValue(1);
    }
}
