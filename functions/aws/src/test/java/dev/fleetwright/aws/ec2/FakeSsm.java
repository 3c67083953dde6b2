package dev.fleetwright.aws.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** A fake SSM with string parameters in memory; records the names asked for. */
final class FakeSsm implements SsmClient {

    final Map<String, String> parameters = new LinkedHashMap<>();
    final List<String> asked = new ArrayList<>();

    FakeSsm put(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    @Override
    public GetParameterResponse getParameter(GetParameterRequest request) {
        asked.add(request.name());
        String value = parameters.get(request.name());
        if (value == null) {
            throw ParameterNotFoundException.builder()
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ParameterNotFound")
                            .errorMessage("Parameter " + request.name() + " not found.")
                            .build())
                    .statusCode(400)
                    .build();
        }
        return GetParameterResponse.builder()
                .parameter(p -> p.name(request.name()).value(value))
                .build();
    }

    @Override
    public String serviceName() {
        return "ssm";
    }

    @Override
    public void close() {}
}
