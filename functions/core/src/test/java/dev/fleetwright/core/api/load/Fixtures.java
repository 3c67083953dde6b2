package dev.fleetwright.core.api.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Test fixtures: valid NodePool and EC2NodeClass trees (parsed from YAML, so they look like real input) and a way to
 * change one field by path, so each test states only what differs.
 */
final class Fixtures {

    static final String VALID_NODE_POOL = """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: general
            spec:
              template:
                metadata:
                  labels:
                    team: platform
                spec:
                  requirements:
                    - key: kubernetes.io/arch
                      operator: In
                      values: ["amd64"]
                    - key: karpenter.sh/capacity-type
                      operator: In
                      values: ["spot", "on-demand"]
                  nodeClassRef:
                    group: karpenter.k8s.aws
                    kind: EC2NodeClass
                    name: default
            """;

    static final String VALID_NODE_CLASS = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata:
              name: default
            spec:
              role: KarpenterNodeRole-dev
              amiSelectorTerms:
                - alias: al2023@latest
              subnetSelectorTerms:
                - tags:
                    karpenter.sh/discovery: dev
              securityGroupSelectorTerms:
                - tags:
                    karpenter.sh/discovery: dev
            """;

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)\\]");

    private Fixtures() {}

    /** A YAML snippet as a generic tree, for values such as lists of requirements. */
    static Object yaml(String text) {
        return new Yaml().load(text);
    }

    /** A fresh, mutable valid NodePool tree. */
    @SuppressWarnings("unchecked") // SnakeYAML returns raw maps for mapping documents
    static Map<String, Object> nodePool() {
        return (Map<String, Object>) deepCopy(yaml(VALID_NODE_POOL));
    }

    /** A fresh, mutable valid EC2NodeClass tree. */
    @SuppressWarnings("unchecked") // SnakeYAML returns raw maps for mapping documents
    static Map<String, Object> nodeClass() {
        return (Map<String, Object>) deepCopy(yaml(VALID_NODE_CLASS));
    }

    /**
     * The tree with the value at {@code path} ({@code spec.template.spec.requirements[0].operator}) replaced, missing
     * objects created; a null value removes the field.
     */
    @SuppressWarnings("unchecked") // walking a generic tree
    static Map<String, Object> with(Map<String, Object> tree, String path, Object value) {
        List<Object> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            segments.add(m.group(1) != null ? m.group(1) : (Object) Integer.parseInt(m.group(2)));
        }
        Object node = tree;
        for (int i = 0; i < segments.size() - 1; i++) {
            Object segment = segments.get(i);
            if (segment instanceof Integer index) {
                node = ((List<Object>) node).get(index);
            } else {
                Map<String, Object> map = (Map<String, Object>) node;
                node = map.computeIfAbsent((String) segment, k -> new LinkedHashMap<String, Object>());
            }
        }
        Object last = segments.get(segments.size() - 1);
        if (last instanceof Integer index) {
            ((List<Object>) node).set(index, value);
        } else if (value == null) {
            ((Map<String, Object>) node).remove((String) last);
        } else {
            ((Map<String, Object>) node).put((String) last, value);
        }
        return tree;
    }

    /** The tree without the field at {@code path}. */
    static Map<String, Object> without(Map<String, Object> tree, String path) {
        return with(tree, path, null);
    }

    /** Loads trees as documents 0, 1, ... of {@code test.yaml}. */
    static LoadResult load(Object... trees) {
        List<SourceDocument> documents = new ArrayList<>();
        for (int i = 0; i < trees.length; i++) {
            documents.add(new SourceDocument("test.yaml", i, trees[i], 0));
        }
        return new ConfigLoader(Map.of()).loadDocuments(documents);
    }

    /** The errors of loading a NodePool with a valid EC2NodeClass, as {@code path: message}. */
    static List<String> nodePoolProblems(Map<String, Object> nodePool) {
        return problems(load(nodePool, nodeClass()));
    }

    /** The errors of loading an EC2NodeClass, as {@code path: message}. */
    static List<String> nodeClassProblems(Map<String, Object> nodeClass) {
        return problems(load(nodeClass));
    }

    static List<String> problems(LoadResult result) {
        return result.errors().stream().map(e -> e.path() + ": " + e.message()).toList();
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }
}
