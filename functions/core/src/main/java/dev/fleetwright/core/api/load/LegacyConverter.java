package dev.fleetwright.core.api.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the loader turns documents of older Karpenter APIs ({@code karpenter.sh/v1beta1 NodePool}, {@code
 * karpenter.k8s.aws/v1beta1 EC2NodeClass}, {@code karpenter.sh/v1alpha5 Provisioner}, {@code
 * karpenter.k8s.aws/v1alpha1 AWSNodeTemplate}) into {@code v1} documents before decoding.
 *
 * <p>{@link #KARPENTER} uses Fleetwright's conversion ({@code dev.fleetwright.core.api.convert.ApiConversion}, the
 * same as {@code fleetwright convert}); {@link #UNAVAILABLE} refuses older versions with an error pointing to {@code
 * fleetwright convert}.
 */
@FunctionalInterface
public interface LegacyConverter {

    /** The {@code apiVersion kind} pairs of older Karpenter APIs. */
    Set<String> LEGACY_TYPES = Set.of(
            "karpenter.sh/v1beta1 NodePool",
            "karpenter.k8s.aws/v1beta1 EC2NodeClass",
            "karpenter.sh/v1alpha5 Provisioner",
            "karpenter.k8s.aws/v1alpha1 AWSNodeTemplate");

    /**
     * Converts a load's documents. Called only when at least one document is of an older API, with every document of
     * the load, because conversions reach across documents (a v1beta1 NodePool's kubelet moves to the EC2NodeClass it
     * references).
     *
     * @param documents every document of the load, in load order, each with its source and index
     * @return the documents to decode (converted documents keep the source and index of the document they came from;
     *     other documents pass through), warnings and errors
     */
    Conversion convert(List<SourceDocument> documents);

    /**
     * The outcome of a conversion.
     *
     * @param documents the documents to decode, in load order
     * @param warnings one line per lossy or changed mapping, for the user
     * @param errors documents that could not be converted
     */
    record Conversion(List<SourceDocument> documents, List<String> warnings, List<ConfigError> errors) {
        /** Copies the lists. */
        public Conversion {
            documents = List.copyOf(documents);
            warnings = List.copyOf(warnings);
            errors = List.copyOf(errors);
        }
    }

    /** Whether the document is of an older Karpenter API this seam converts. */
    static boolean isLegacy(SourceDocument document) {
        return LEGACY_TYPES.contains(document.apiVersion() + " " + document.kind());
    }

    /** Converts with Fleetwright's Karpenter conversion and no global settings of the old installation. */
    LegacyConverter KARPENTER = new KarpenterConversion();

    /** Reports every legacy document as an error pointing to {@code fleetwright convert}; others pass through. */
    LegacyConverter UNAVAILABLE = documents -> {
        List<SourceDocument> passed = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        for (SourceDocument d : documents) {
            if (!isLegacy(d)) {
                passed.add(d);
                continue;
            }
            errors.add(new ConfigError(
                    d.source(),
                    d.index(),
                    0,
                    d.kind(),
                    d.name(),
                    "apiVersion",
                    "apiVersion " + d.apiVersion() + " is converted by fleetwright convert; convert this file and load"
                            + " the karpenter.sh/v1 and karpenter.k8s.aws/v1 output"));
        }
        return new Conversion(passed, List.of(), errors);
    };
}
