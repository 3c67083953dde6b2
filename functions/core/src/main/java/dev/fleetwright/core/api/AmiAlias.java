package dev.fleetwright.core.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An AMI alias such as {@code al2023@latest} or {@code al2023@v20240807}: an EKS-optimized AMI family and version
 * ([A] pkg/apis/v1/ec2nodeclass.go {@code AMISelectorTerm.Alias}). Windows families only accept {@code latest}.
 *
 * @param family the AMI family, never {@link AmiFamily#CUSTOM}
 * @param version {@code latest} or a pinned release, not blank
 */
public record AmiAlias(AmiFamily family, String version) {

    /** The version that follows new releases (and causes drift on each). */
    public static final String LATEST = "latest";

    /** The most characters Karpenter accepts in an alias. */
    public static final int MAX_LENGTH = 30;

    private static final Pattern FORMAT = Pattern.compile("^[a-zA-Z0-9]+@.+$");

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the family is Custom, the version is blank, or a Windows version is not
     *     {@code latest}
     */
    public AmiAlias {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(version, "version");
        if (family == AmiFamily.CUSTOM) {
            throw new IllegalArgumentException("the Custom AMI family has no alias");
        }
        if (version.isBlank()) {
            throw new IllegalArgumentException("alias version must not be blank");
        }
        if (family.isWindows() && !LATEST.equals(version)) {
            throw new IllegalArgumentException("windows families may only specify version 'latest'");
        }
    }

    /**
     * Parses {@code family@version} with Karpenter's CEL rules: at most 30 characters, the format {@code
     * ^[a-zA-Z0-9]+@.+$}, a family among {@code al2, al2023, bottlerocket, windows2019, windows2022}, and {@code
     * latest} for Windows.
     *
     * @param text the alias, not null
     * @return the alias
     * @throws IllegalArgumentException with Karpenter's message for the first rule broken
     */
    public static AmiAlias parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("alias may have at most " + MAX_LENGTH + " characters");
        }
        if (!FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "'alias' is improperly formatted, must match the format 'family@version'");
        }
        int at = text.indexOf('@');
        String familyName = text.substring(0, at);
        String version = text.substring(at + 1);
        AmiFamily family = AmiFamily.fromAliasName(familyName)
                .orElseThrow(() -> new IllegalArgumentException("family \"" + familyName
                        + "\" is not supported, must be one of the following: 'al2', 'al2023', 'bottlerocket',"
                        + " 'windows2019', 'windows2022'"));
        return new AmiAlias(family, version);
    }

    /** Whether the alias follows the latest release. */
    public boolean isLatest() {
        return LATEST.equals(version);
    }

    /** {@code al2023@latest}. */
    @Override
    public String toString() {
        return family.aliasName().orElseThrow() + "@" + version;
    }
}
