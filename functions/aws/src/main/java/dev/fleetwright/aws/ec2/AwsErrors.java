package dev.fleetwright.aws.ec2;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Classifies AWS error codes the way Karpenter does ([A] pkg/errors/errors.go). */
public final class AwsErrors {

    /**
     * CreateFleet error codes that mean "temporarily no capacity for this offering": the offering is marked unavailable
     * ([A] pkg/errors/errors.go {@code unfulfillableCapacityErrorCodes}).
     */
    public static final Set<String> CAPACITY_ERROR_CODES = Set.of(
            "InsufficientInstanceCapacity",
            "MaxSpotInstanceCountExceeded",
            "VcpuLimitExceeded",
            "UnfulfillableCapacity",
            "Unsupported",
            "InsufficientFreeAddressesInSubnet",
            "ReservationCapacityExceeded");

    /** Error codes that mean the API throttled the caller. */
    public static final Set<String> THROTTLING_ERROR_CODES = Set.of(
            "RequestLimitExceeded",
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "TooManyRequestsException",
            "RequestThrottled",
            "RequestThrottledException",
            "SlowDown",
            "EC2ThrottledException");

    /** Error codes that mean a resource does not exist ([A] {@code notFoundErrorCodes}). */
    public static final Set<String> NOT_FOUND_ERROR_CODES = Set.of(
            "InvalidInstanceID.NotFound",
            "InvalidLaunchTemplateName.NotFoundException",
            "InvalidLaunchTemplateId.NotFound",
            "NoSuchEntity",
            "ParameterNotFound",
            "InvalidAMIID.NotFound");

    /** Error codes that mean the resource to create exists already ([A] {@code alreadyExistsErrorCodes}). */
    public static final Set<String> ALREADY_EXISTS_ERROR_CODES =
            Set.of("EntityAlreadyExists", "InvalidLaunchTemplateName.AlreadyExistsException");

    private AwsErrors() {}

    /** The AWS error code of {@code e}, or empty when it carries none (client-side failures). */
    public static String code(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            return code == null ? "" : code;
        }
        return "";
    }

    /** Whether {@code e} says the resource does not exist. */
    public static boolean isNotFound(SdkException e) {
        return NOT_FOUND_ERROR_CODES.contains(code(e));
    }

    /** Whether {@code e} says the resource exists already. */
    public static boolean isAlreadyExists(SdkException e) {
        return ALREADY_EXISTS_ERROR_CODES.contains(code(e));
    }

    /** Whether {@code e} is throttling: a throttling code, HTTP 429, or the SDK's own classification. */
    public static boolean isThrottling(SdkException e) {
        if (e instanceof AwsServiceException s) {
            return THROTTLING_ERROR_CODES.contains(code(e)) || s.statusCode() == 429 || s.isThrottlingException();
        }
        return false;
    }

    /** Whether {@code e} may succeed when tried again: throttling, a 5xx from the service, or a client-side I/O error. */
    public static boolean isTransient(SdkException e) {
        if (isThrottling(e)) {
            return true;
        }
        if (e instanceof AwsServiceException s) {
            return s.statusCode() >= 500;
        }
        return e.retryable() || e.getCause() instanceof java.io.IOException;
    }

    /** {@code Code: message} of a service error, or the exception's message. */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return code(e) + ": " + s.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
