package dev.fleetwright.core.api.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** Parses fixture YAML into source documents and reads paths out of converted trees. */
final class ConversionFixtures {

    private ConversionFixtures() {}

    /** The documents of {@code src/test/resources/convert/<name>}, named by that relative name. */
    static List<ConversionInput> resource(String name) {
        try (InputStream in = ConversionFixtures.class.getResourceAsStream("/convert/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture convert/" + name);
            }
            return yaml(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of the resources, in order. */
    static List<ConversionInput> resources(String... names) {
        List<ConversionInput> out = new ArrayList<>();
        Arrays.stream(names).forEach(n -> out.addAll(resource(n)));
        return out;
    }

    /** The documents of a multi-document YAML text, as SnakeYAML reads them, timestamps kept as strings. */
    static List<ConversionInput> yaml(String fileName, String text) {
        LoaderOptions options = new LoaderOptions();
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver() {
            @Override
            public Tag resolve(NodeId kind, String value, boolean implicit) {
                Tag tag = super.resolve(kind, value, implicit);
                return Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
            }
        });
        List<ConversionInput> out = new ArrayList<>();
        int index = 0;
        for (Object document : yaml.loadAll(text)) {
            if (document instanceof Map<?, ?> map) {
                out.add(new ConversionInput(fileName, index, Trees.mutableMap(map)));
            }
            index++;
        }
        return out;
    }

    /** The single output document of that kind and name. */
    static Map<String, Object> document(ConversionResult result, String kind, String name) {
        return convertedDocument(result, kind, name).tree();
    }

    /** The single output document of that kind and name, with its origins. */
    static ConvertedDocument convertedDocument(ConversionResult result, String kind, String name) {
        List<ConvertedDocument> matches = result.documents().stream()
                .filter(d -> kind.equals(d.kind()) && name.equals(d.name()))
                .toList();
        assertThat(matches).as("output documents %s \"%s\"", kind, name).hasSize(1);
        return matches.get(0);
    }

    /**
     * The value at a path like {@code spec.template.spec.requirements[0].key} or {@code
     * spec.template.metadata.labels[karpenter.sh/nodepool]}; null when absent.
     */
    static Object at(Object tree, String path) {
        Object current = tree;
        int i = 0;
        while (i < path.length() && current != null) {
            char ch = path.charAt(i);
            String token;
            if (ch == '.') {
                i++;
                continue;
            }
            if (ch == '[') {
                int end = path.indexOf(']', i);
                token = path.substring(i + 1, end);
                i = end + 1;
                if (current instanceof List<?> list) {
                    int index = Integer.parseInt(token);
                    current = index < list.size() ? list.get(index) : null;
                    continue;
                }
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                token = path.substring(i, end);
                i = end;
            }
            current = current instanceof Map<?, ?> map ? map.get(token) : null;
        }
        return current;
    }

    /** The keys of a map value, in order. */
    static List<String> keys(Object map) {
        assertThat(map).isInstanceOf(Map.class);
        return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList();
    }

    /** The messages' texts, rendered as {@code path: message}. */
    static List<String> texts(List<ConversionMessage> messages) {
        return messages.stream().map(m -> m.fieldPath() + ": " + m.message()).toList();
    }

    /** Parsed flow-style YAML, for expected values: {@code parse("{cpu: 100m}")}. */
    static Object parse(String flowYaml) {
        return new Yaml().load(flowYaml);
    }
}
