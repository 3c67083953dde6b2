package dev.fleetwright.core.api.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An output document under construction. Mutable on purpose and never leaves {@link ApiConversion#toV1}: the kubelet
 * move runs after every document is converted and may set a class's kubelet or repoint a NodePool, then the tree is
 * frozen into a {@link ConvertedDocument}.
 */
final class Draft {

    /** The messages of the source document this draft is made from. */
    final DocumentContext context;
    /** The source documents this draft is made from, first the main one. */
    final List<DocumentOrigin> origins = new ArrayList<>();
    /** The document; modifiable when converted, the frozen source tree when passed through. */
    final Map<String, Object> tree;
    /** False when the document passes through unchanged (v1 and foreign documents). */
    final boolean converted;
    /** For a converted NodePool: the kubelet to place on its EC2NodeClass, or null. */
    final Map<String, Object> kubelet;
    /** For a converted NodePool: where {@link #kubelet} was in the source document. */
    final String kubeletPath;

    private Draft(
            DocumentContext context,
            Map<String, Object> tree,
            boolean converted,
            Map<String, Object> kubelet,
            String kubeletPath) {
        this.context = context;
        this.origins.add(context.origin());
        this.tree = tree;
        this.converted = converted;
        this.kubelet = kubelet;
        this.kubeletPath = kubeletPath;
    }

    static Draft converted(DocumentContext context, Map<String, Object> tree) {
        return new Draft(context, tree, true, null, null);
    }

    static Draft convertedNodePool(
            DocumentContext context, Map<String, Object> tree, Map<String, Object> kubelet, String kubeletPath) {
        return new Draft(context, tree, true, kubelet, kubeletPath);
    }

    static Draft passThrough(DocumentContext context, Map<String, Object> frozenTree) {
        return new Draft(context, frozenTree, false, null, null);
    }

    /** A converted copy of a class, for the kubelet move, with its own origins. */
    static Draft clone(Draft original, Map<String, Object> tree) {
        Draft copy = new Draft(original.context, tree, true, null, null);
        copy.origins.clear();
        copy.origins.addAll(original.origins);
        return copy;
    }

    SourceApi api() {
        return SourceApi.of(string(tree.get("apiVersion")), string(tree.get("kind")));
    }

    String name() {
        return tree.get("metadata") instanceof Map<?, ?> m ? string(m.get("name")) : null;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }
}
