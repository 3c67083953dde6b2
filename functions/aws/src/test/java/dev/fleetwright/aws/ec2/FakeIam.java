package dev.fleetwright.aws.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AddRoleToInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.AddRoleToInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.CreateInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.CreateInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.GetInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.GetInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.RemoveRoleFromInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.RemoveRoleFromInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** A fake IAM with roles and instance profiles in memory; records every request. */
final class FakeIam implements IamClient {

    final Set<String> roles = new TreeSet<>();
    final Map<String, List<String>> profileRoles = new LinkedHashMap<>();
    final Map<String, List<Tag>> profileTags = new LinkedHashMap<>();
    final List<SdkRequest> requests = new ArrayList<>();

    FakeIam role(String name) {
        roles.add(name);
        return this;
    }

    FakeIam profile(String name, String... withRoles) {
        profileRoles.put(name, new ArrayList<>(List.of(withRoles)));
        return this;
    }

    static IamException error(String code, int status) {
        return (IamException) IamException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code + " (fake)")
                        .build())
                .statusCode(status)
                .build();
    }

    <T extends SdkRequest> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    @Override
    public GetInstanceProfileResponse getInstanceProfile(GetInstanceProfileRequest request) {
        requests.add(request);
        List<String> r = profileRoles.get(request.instanceProfileName());
        if (r == null) {
            throw error("NoSuchEntity", 404);
        }
        return GetInstanceProfileResponse.builder()
                .instanceProfile(InstanceProfile.builder()
                        .instanceProfileName(request.instanceProfileName())
                        .roles(r.stream()
                                .map(n -> Role.builder().roleName(n).build())
                                .toList())
                        .build())
                .build();
    }

    @Override
    public CreateInstanceProfileResponse createInstanceProfile(CreateInstanceProfileRequest request) {
        requests.add(request);
        if (profileRoles.containsKey(request.instanceProfileName())) {
            throw error("EntityAlreadyExists", 409);
        }
        profileRoles.put(request.instanceProfileName(), new ArrayList<>());
        profileTags.put(request.instanceProfileName(), request.tags());
        return CreateInstanceProfileResponse.builder()
                .instanceProfile(p -> p.instanceProfileName(request.instanceProfileName()))
                .build();
    }

    @Override
    public AddRoleToInstanceProfileResponse addRoleToInstanceProfile(AddRoleToInstanceProfileRequest request) {
        requests.add(request);
        if (!roles.contains(request.roleName()) || !profileRoles.containsKey(request.instanceProfileName())) {
            throw error("NoSuchEntity", 404);
        }
        profileRoles.get(request.instanceProfileName()).add(request.roleName());
        return AddRoleToInstanceProfileResponse.builder().build();
    }

    @Override
    public RemoveRoleFromInstanceProfileResponse removeRoleFromInstanceProfile(
            RemoveRoleFromInstanceProfileRequest request) {
        requests.add(request);
        profileRoles.get(request.instanceProfileName()).remove(request.roleName());
        return RemoveRoleFromInstanceProfileResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return "iam";
    }

    @Override
    public void close() {}
}
