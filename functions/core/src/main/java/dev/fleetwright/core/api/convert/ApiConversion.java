package dev.fleetwright.core.api.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts Karpenter v1alpha5/v1alpha1 and v1beta1 configuration to the v1 API. See the package documentation for the
 * sources followed, and {@link ProvisionerConversion}, {@link AwsNodeTemplateConversion}, {@link NodePoolConversion},
 * {@link Ec2NodeClassConversion} and {@link KubeletPlacement} for the rules of each kind.
 */
public final class ApiConversion {

    private ApiConversion() {}

    /**
     * Converts documents with no global settings known ({@link ConversionOptions#DEFAULTS}).
     *
     * @param documents the parsed input documents, in order
     * @return the v1 documents, warnings and errors
     * @throws NullPointerException if the list or an element is null
     */
    public static ConversionResult toV1(List<ConversionInput> documents) {
        return toV1(documents, ConversionOptions.DEFAULTS);
    }

    /**
     * Converts every pre-v1 NodePool, Provisioner, EC2NodeClass and AWSNodeTemplate among the documents to v1, and
     * passes v1 documents and documents of other kinds through unchanged. The documents are converted together because
     * a NodePool's kubelet moves to the EC2NodeClass it references, which may be another document.
     *
     * @param documents the parsed input documents, in order
     * @param options global settings of the old Karpenter installation that files do not carry
     * @return the output documents in input order (documents with errors left out), with every warning and error
     * @throws NullPointerException if an argument or an element is null
     */
    public static ConversionResult toV1(List<ConversionInput> documents, ConversionOptions options) {
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(options, "options");
        List<DocumentContext> contexts = new ArrayList<>();
        List<List<Draft>> slots = new ArrayList<>();
        for (ConversionInput document : documents) {
            Objects.requireNonNull(document, "document");
            DocumentContext context = new DocumentContext(document.origin());
            contexts.add(context);
            slots.add(new ArrayList<>(convert(document, context, options)));
        }
        rejectDuplicateNames(slots);
        KubeletPlacement.place(slots);

        List<ConvertedDocument> out = new ArrayList<>();
        List<ConversionMessage> warnings = new ArrayList<>();
        List<ConversionMessage> errors = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            DocumentContext context = contexts.get(i);
            warnings.addAll(context.warnings());
            errors.addAll(context.errors());
            for (Draft draft : slots.get(i)) {
                if (!draft.context.hasErrors()) {
                    out.add(new ConvertedDocument(draft.tree, draft.origins));
                }
            }
        }
        return new ConversionResult(out, warnings, errors);
    }

    private static List<Draft> convert(ConversionInput document, DocumentContext context, ConversionOptions options) {
        return switch (SourceApi.of(document.apiVersion(), document.kind())) {
            case PROVISIONER_V1ALPHA5 -> ProvisionerConversion.convert(document, context, options);
            case AWS_NODE_TEMPLATE_V1ALPHA1 -> List.of(AwsNodeTemplateConversion.convert(document, context, options));
            case NODE_POOL_V1BETA1 -> List.of(NodePoolConversion.convert(document, context));
            case EC2_NODE_CLASS_V1BETA1 -> List.of(Ec2NodeClassConversion.convert(document, context));
            case NODE_POOL_V1, EC2_NODE_CLASS_V1, OTHER -> List.of(Draft.passThrough(context, document.tree()));
        };
    }

    /**
     * Two output NodePools or two output EC2NodeClasses with one name would overwrite each other when applied; the
     * later one is an error when at least one of them was converted (v1 documents are not this conversion's to judge).
     */
    private static void rejectDuplicateNames(List<List<Draft>> slots) {
        Map<String, Draft> seen = new HashMap<>();
        for (List<Draft> slot : slots) {
            for (Draft draft : slot) {
                SourceApi api = draft.api();
                if ((api != SourceApi.NODE_POOL_V1 && api != SourceApi.EC2_NODE_CLASS_V1) || draft.name() == null) {
                    continue;
                }
                String key = api + "/" + draft.name();
                Draft earlier = seen.putIfAbsent(key, draft);
                if (earlier != null && earlier != draft && (earlier.converted || draft.converted)) {
                    draft.context.error(
                            "metadata.name",
                            "converts to " + (api == SourceApi.NODE_POOL_V1 ? "NodePool" : "EC2NodeClass") + " \""
                                    + draft.name() + "\", which " + earlier.context.origin() + " also produces");
                }
            }
        }
    }
}
