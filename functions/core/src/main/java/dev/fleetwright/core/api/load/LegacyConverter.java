package dev.fleetwright.core.api.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The seam through which the loader converts documents of older Karpenter APIs ({@code karpenter.sh/v1beta1
 * NodePool}, {@code karpenter.k8s.aws/v1beta1 EC2NodeClass}, {@code karpenter.sh/v1alpha5 Provisioner}, {@code
 * karpenter.k8s.aws/v1alpha1 AWSNodeTemplate}) into {@code v1} trees before decoding.
 *
 * <p>The conversion itself lives in {@code dev.fleetwright.core.api.convert} ({@code ApiConversion.toV1}); wire it
 * with one line, for example {@code new ConfigLoader(environment, documents -> adapt(ApiConversion.toV1(documents)))}.
 * Until then {@link #UNAVAILABLE} reports each legacy document as an error.
 */
@FunctionalInterface
public interface LegacyConverter {

    /**
     * Converts legacy documents, all at once (a Provisioner and its AWSNodeTemplate convert together).
     *
     * @param documents the legacy documents, each with its source and index, not null
     * @return the v1 documents (keeping the source and index of the document they came from), warnings and errors
     */
    Conversion convert(List<SourceDocument> documents);

    /**
     * The outcome of a conversion.
     *
     * @param documents the converted {@code karpenter.sh/v1} and {@code karpenter.k8s.aws/v1} documents
     * @param warnings one line per lossy or approximate mapping, for the user
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

    /** Reports every legacy document as an error pointing to {@code fleetwright convert}. */
    LegacyConverter UNAVAILABLE = documents -> {
        List<ConfigError> errors = new ArrayList<>();
        for (SourceDocument d : documents) {
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
        return new Conversion(List.of(), List.of(), errors);
    };
}
