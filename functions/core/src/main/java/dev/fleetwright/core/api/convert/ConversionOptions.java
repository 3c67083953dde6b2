package dev.fleetwright.core.api.convert;

/**
 * Settings that were global in pre-v1 Karpenter and that a file therefore does not carry.
 *
 * @param defaultInstanceProfile the value of the v0.31 {@code aws.defaultInstanceProfile} setting (Helm {@code
 *     settings.aws.defaultInstanceProfile}), used for an AWSNodeTemplate or inline provider without {@code
 *     instanceProfile}; null when unknown, in which case such a document is an error because v1 requires {@code role}
 *     or {@code instanceProfile} on every EC2NodeClass
 */
public record ConversionOptions(String defaultInstanceProfile) {

    /** No global settings known. */
    public static final ConversionOptions DEFAULTS = new ConversionOptions(null);

    /** @throws IllegalArgumentException if the instance profile is given but blank */
    public ConversionOptions {
        if (defaultInstanceProfile != null && defaultInstanceProfile.isBlank()) {
            throw new IllegalArgumentException("defaultInstanceProfile must not be blank when given");
        }
    }
}
