package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.convert.ApiConversion;
import dev.fleetwright.core.api.convert.ConversionInput;
import dev.fleetwright.core.api.convert.ConversionMessage;
import dev.fleetwright.core.api.convert.ConversionOptions;
import dev.fleetwright.core.api.convert.ConversionResult;
import dev.fleetwright.core.api.convert.ConvertedDocument;
import dev.fleetwright.core.api.convert.DocumentOrigin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link LegacyConverter} backed by {@link ApiConversion#toV1}: it hands the load's documents to the conversion
 * and maps its output, warnings and errors back to the loader's types, keeping each document's source, index and line.
 */
public final class KarpenterConversion implements LegacyConverter {

    private final ConversionOptions options;

    /** Conversion without global settings of the old installation ({@link ConversionOptions#DEFAULTS}). */
    public KarpenterConversion() {
        this(ConversionOptions.DEFAULTS);
    }

    /**
     * @param options global settings of the old Karpenter installation that files do not carry, not null
     */
    public KarpenterConversion(ConversionOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public Conversion convert(List<SourceDocument> documents) {
        List<ConversionInput> inputs = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        Map<String, SourceDocument> originals = new HashMap<>();
        List<Positioned> out = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            SourceDocument d = documents.get(i);
            String key = key(d.source(), d.index());
            positions.putIfAbsent(key, i);
            originals.putIfAbsent(key, d);
            Map<String, Object> tree = stringKeyed(d.tree());
            if (tree == null) {
                if (LegacyConverter.isLegacy(d)) {
                    errors.add(new ConfigError(
                            d.source(),
                            d.index(),
                            0,
                            d.kind(),
                            d.name(),
                            "",
                            "cannot convert a document whose keys are not all strings"));
                } else {
                    out.add(new Positioned(i, d));
                }
                continue;
            }
            try {
                inputs.add(new ConversionInput(d.source(), d.index(), tree));
            } catch (IllegalArgumentException e) {
                if (LegacyConverter.isLegacy(d)) {
                    errors.add(new ConfigError(
                            d.source(), d.index(), 0, d.kind(), d.name(), "", "cannot convert: " + e.getMessage()));
                } else {
                    out.add(new Positioned(i, d));
                }
            }
        }
        ConversionResult result = ApiConversion.toV1(inputs, options);
        for (ConvertedDocument converted : result.documents()) {
            DocumentOrigin origin = converted.origins().get(0);
            String key = key(origin.fileName(), origin.index());
            SourceDocument original = originals.get(key);
            int line = original == null ? 0 : original.line();
            out.add(new Positioned(
                    positions.getOrDefault(key, Integer.MAX_VALUE),
                    new SourceDocument(origin.fileName(), origin.index(), converted.tree(), line)));
        }
        out.sort(Comparator.comparingInt(Positioned::position));
        List<String> warnings =
                result.warnings().stream().map(ConversionMessage::toString).toList();
        for (ConversionMessage m : result.errors()) {
            DocumentOrigin o = m.origin();
            errors.add(new ConfigError(
                    o.fileName(),
                    o.index(),
                    0,
                    "?".equals(o.kind()) ? null : o.kind(),
                    "?".equals(o.name()) ? null : o.name(),
                    ".".equals(m.fieldPath()) ? "" : m.fieldPath(),
                    m.message()));
        }
        return new Conversion(out.stream().map(Positioned::document).toList(), warnings, errors);
    }

    private static String key(String source, int index) {
        return source + '\u0000' + index;
    }

    /** The tree as a map with string keys at the top, or null when it is not a map or has another key type. */
    private static Map<String, Object> stringKeyed(Object tree) {
        if (!(tree instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                return null;
            }
            copy.put(k, e.getValue());
        }
        return copy;
    }

    private record Positioned(int position, SourceDocument document) {}
}
