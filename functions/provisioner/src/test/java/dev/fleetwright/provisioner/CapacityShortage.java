package dev.fleetwright.provisioner;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycle;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateAndOverridesResponse;

/**
 * A decorator at the SDK boundary that gives a moto-backed {@link Ec2Client} what moto lacks: insufficient capacity.
 * Once {@link #runOutOfCheapestOnNextLaunch() armed}, the next CreateFleet's cheapest instance type (its override with
 * the lowest priority number; Fleetwright orders overrides by price) runs out of capacity for the rest of the test.
 *
 * <p>CreateFleet then behaves as an {@code instant} fleet does on EC2: every override of a type without capacity is
 * reported in {@code Errors[]} with {@code InsufficientInstanceCapacity}; the request goes on to moto with the other
 * overrides, whose answer is merged with those errors; with no other override, the answer is the errors and no
 * instance. Every other call is delegated unchanged. Each CreateFleet is recorded.
 */
final class CapacityShortage implements InvocationHandler {

    /**
     * One CreateFleet as it arrived and what was done with it.
     *
     * @param requestedTypes the override instance types in priority order (cheapest first)
     * @param refusedTypes the types answered with InsufficientInstanceCapacity
     * @param delegated whether moto was asked for the remaining overrides
     * @param launchedInstances the instance IDs of the answer
     */
    record FleetCall(
            List<String> requestedTypes,
            List<String> refusedTypes,
            boolean delegated,
            List<String> launchedInstances) {}

    private final Ec2Client delegate;
    private final Set<String> outOfCapacity = ConcurrentHashMap.newKeySet();
    private final List<FleetCall> calls = new ArrayList<>();
    private boolean armed;

    private CapacityShortage(Ec2Client delegate) {
        this.delegate = delegate;
    }

    /** The decorated client and its controller. */
    record Wrapped(Ec2Client client, CapacityShortage shortage) {}

    static Wrapped wrap(Ec2Client delegate) {
        CapacityShortage shortage = new CapacityShortage(delegate);
        Ec2Client proxy = (Ec2Client)
                Proxy.newProxyInstance(Ec2Client.class.getClassLoader(), new Class<?>[] {Ec2Client.class}, shortage);
        return new Wrapped(proxy, shortage);
    }

    /** The next CreateFleet's cheapest instance type runs out of capacity, and stays out. */
    synchronized void runOutOfCheapestOnNextLaunch() {
        armed = true;
    }

    synchronized List<FleetCall> calls() {
        return List.copyOf(calls);
    }

    synchronized Set<String> outOfCapacity() {
        return Set.copyOf(outOfCapacity);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("createFleet") && args != null && args.length == 1) {
            if (args[0] instanceof CreateFleetRequest request) {
                return createFleet(request);
            }
            if (args[0] instanceof Consumer<?> consumer) {
                CreateFleetRequest.Builder builder = CreateFleetRequest.builder();
                ((Consumer<CreateFleetRequest.Builder>) consumer).accept(builder);
                return createFleet(builder.build());
            }
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private synchronized CreateFleetResponse createFleet(CreateFleetRequest request) {
        List<FleetLaunchTemplateOverridesRequest> all = request.launchTemplateConfigs().stream()
                .flatMap(c -> c.overrides().stream())
                .sorted(Comparator.comparingDouble(o -> o.priority() == null ? Double.MAX_VALUE : o.priority()))
                .toList();
        if (armed && !all.isEmpty()) {
            outOfCapacity.add(all.get(0).instanceTypeAsString());
            armed = false;
        }
        InstanceLifecycle lifecycle =
                request.targetCapacitySpecification().defaultTargetCapacityType() == DefaultTargetCapacityType.SPOT
                        ? InstanceLifecycle.SPOT
                        : InstanceLifecycle.ON_DEMAND;
        List<CreateFleetError> errors = new ArrayList<>();
        List<FleetLaunchTemplateConfigRequest> remaining = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (FleetLaunchTemplateConfigRequest config : request.launchTemplateConfigs()) {
            List<FleetLaunchTemplateOverridesRequest> kept = new ArrayList<>();
            for (FleetLaunchTemplateOverridesRequest o : config.overrides()) {
                if (outOfCapacity.contains(o.instanceTypeAsString())) {
                    if (!refused.contains(o.instanceTypeAsString())) {
                        refused.add(o.instanceTypeAsString());
                    }
                    errors.add(CreateFleetError.builder()
                            .errorCode("InsufficientInstanceCapacity")
                            .errorMessage("We currently do not have sufficient " + o.instanceTypeAsString()
                                    + " capacity in the Availability Zone you requested (" + o.availabilityZone()
                                    + ").")
                            .lifecycle(lifecycle)
                            .launchTemplateAndOverrides(LaunchTemplateAndOverridesResponse.builder()
                                    .launchTemplateSpecification(
                                            s -> s.launchTemplateName(config.launchTemplateSpecification()
                                                            .launchTemplateName())
                                                    .version(config.launchTemplateSpecification()
                                                            .version()))
                                    .overrides(FleetLaunchTemplateOverrides.builder()
                                            .instanceType(o.instanceTypeAsString())
                                            .subnetId(o.subnetId())
                                            .availabilityZone(o.availabilityZone())
                                            .imageId(o.imageId())
                                            .priority(o.priority())
                                            .build())
                                    .build())
                            .build());
                } else {
                    kept.add(o);
                }
            }
            if (!kept.isEmpty()) {
                remaining.add(config.toBuilder().overrides(kept).build());
            }
        }
        List<String> requested = all.stream()
                .map(FleetLaunchTemplateOverridesRequest::instanceTypeAsString)
                .toList();
        CreateFleetResponse response;
        boolean delegated;
        if (errors.isEmpty()) {
            response = delegate.createFleet(request);
            delegated = true;
        } else if (remaining.isEmpty()) {
            response = CreateFleetResponse.builder().errors(errors).build();
            delegated = false;
        } else {
            CreateFleetResponse launched = delegate.createFleet(
                    request.toBuilder().launchTemplateConfigs(remaining).build());
            List<CreateFleetError> merged = new ArrayList<>(errors);
            merged.addAll(launched.errors());
            response = launched.toBuilder().errors(merged).build();
            delegated = true;
        }
        calls.add(new FleetCall(
                requested,
                List.copyOf(refused),
                delegated,
                response.instances().stream()
                        .flatMap(i -> i.instanceIds().stream())
                        .toList()));
        return response;
    }
}
