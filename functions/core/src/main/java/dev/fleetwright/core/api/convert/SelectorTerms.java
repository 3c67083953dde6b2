package dev.fleetwright.core.api.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * v1alpha1 selector maps ({@code subnetSelector}, {@code securityGroupSelector}, {@code amiSelector}) as v1 selector
 * terms.
 *
 * <p>What a v1alpha1 selector meant, from the v0.31-era providers ([A] pkg/providers/subnet/subnet.go, securitygroup,
 * amifamily/ami.go {@code getFilters}): every entry is one EC2 filter and the filters are ANDed. {@code aws-ids} or
 * {@code aws::ids} lists ids, comma-separated. For subnets and security groups any other key is a tag, its value a
 * comma-separated list of accepted values (or {@code *} for any value); for AMIs a tag value is taken whole, {@code
 * aws::name} is the image name and {@code aws::owners} a comma-separated owner list. A {@code Name} key is the
 * {@code Name} tag, so it stays a tag: v1's {@code name} field matches the security group name or AMI name, which is a
 * different thing.
 *
 * <p>v1 terms are ORed, each term ANDs its fields, a term's tag takes one value, and an {@code id} term carries nothing
 * else. So comma lists become the cross product of terms (as [A] tools/karpenter-convert does), and an id list becomes
 * one term per id; other keys next to ids only narrowed an explicit id list and are dropped with a warning.
 */
final class SelectorTerms {

    /** [A] pkg/apis/v1/ec2nodeclass.go: at most 30 terms per selector. */
    static final int MAX_TERMS = 30;

    private static final List<String> ID_KEYS = List.of("aws-ids", "aws::ids");

    private SelectorTerms() {}

    /** A v1alpha1 subnet or security group selector as v1 terms; null after an error. */
    static List<Object> idOrTagTerms(Object value, String path, DocumentContext c) {
        Map<String, String> selector = stringMap(value, path, c);
        if (selector == null) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        Map<String, List<String>> tags = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (ID_KEYS.contains(e.getKey())) {
                ids.addAll(nonEmpty(splitCommas(e.getValue())));
            } else {
                tags.put(e.getKey(), splitCommas(e.getValue()));
            }
        }
        if (!ids.isEmpty()) {
            return idTerms(ids, tags.keySet(), path, c);
        }
        if (!checkTagValues(tags, path, c)) {
            return null;
        }
        List<Object> terms = tagProduct(tags);
        warnIfSplit(selector, terms.size(), path, c);
        return checkSize(terms, path, c);
    }

    /** A v1alpha1 {@code amiSelector} as v1 {@code amiSelectorTerms}; null after an error. */
    static List<Object> amiTerms(Object value, String path, DocumentContext c) {
        Map<String, String> selector = stringMap(value, path, c);
        if (selector == null) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        Map<String, List<String>> tags = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : selector.entrySet()) {
            switch (e.getKey()) {
                case "aws-ids", "aws::ids" -> ids.addAll(nonEmpty(splitCommas(e.getValue())));
                // AMI names cannot contain commas, so a comma here separated alternatives ([A] v1beta1-migration.md).
                case "aws::name" -> names.addAll(nonEmpty(splitCommas(e.getValue())));
                case "aws::owners" -> owners.addAll(nonEmpty(splitCommas(e.getValue())));
                default -> tags.put(e.getKey(), List.of(e.getValue()));
            }
        }
        if (!ids.isEmpty()) {
            List<String> others = new ArrayList<>(tags.keySet());
            if (!names.isEmpty()) {
                others.add("aws::name");
            }
            if (!owners.isEmpty()) {
                others.add("aws::owners");
            }
            return idTerms(ids, others, path, c);
        }
        if (!checkTagValues(tags, path, c)) {
            return null;
        }
        if (names.isEmpty() && tags.isEmpty()) {
            c.error(
                    path,
                    "aws::owners alone selects every AMI of those owners, which v1 terms cannot express;"
                            + " add aws::name or tags");
            return null;
        }
        // Without aws::owners, v1alpha1 searched the owners self and amazon. A v1 name term without owner does the same
        // ([A] pkg/providers/amifamily/ami.go), and tag filters only see tags of the caller's own AMIs either way.
        List<Object> terms = new ArrayList<>();
        for (String owner : owners.isEmpty() ? Arrays.asList((String) null) : owners) {
            for (String name : names.isEmpty() ? Arrays.asList((String) null) : names) {
                Map<String, Object> term = new LinkedHashMap<>();
                if (name != null) {
                    term.put("name", name);
                }
                if (owner != null) {
                    term.put("owner", owner);
                }
                if (!tags.isEmpty()) {
                    Map<String, Object> termTags = new LinkedHashMap<>();
                    tags.forEach((k, v) -> termTags.put(k, v.get(0)));
                    term.put("tags", termTags);
                }
                terms.add(term);
            }
        }
        warnIfSplit(selector, terms.size(), path, c);
        return checkSize(terms, path, c);
    }

    private static List<Object> idTerms(
            List<String> ids, Collection<String> otherKeys, String path, DocumentContext c) {
        if (!otherKeys.isEmpty()) {
            c.warn(
                    path,
                    "dropped " + String.join(", ", otherKeys) + ": v1 id terms cannot carry other fields;"
                            + " v1alpha1 used them only to narrow the listed ids " + ids);
        }
        List<Object> terms = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> term = new LinkedHashMap<>();
            term.put("id", id);
            terms.add(term);
        }
        return checkSize(terms, path, c);
    }

    private static List<Object> tagProduct(Map<String, List<String>> tags) {
        // The first key varies fastest, matching [A] tools/karpenter-convert's output order.
        List<Map<String, Object>> terms = new ArrayList<>();
        terms.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> tag : tags.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (String value : tag.getValue()) {
                for (Map<String, Object> partial : terms) {
                    Map<String, Object> extended = new LinkedHashMap<>(partial);
                    extended.put(tag.getKey(), value);
                    next.add(extended);
                }
            }
            terms = next;
        }
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> termTags : terms) {
            Map<String, Object> term = new LinkedHashMap<>();
            term.put("tags", termTags);
            out.add(term);
        }
        return out;
    }

    private static boolean checkTagValues(Map<String, List<String>> tags, String path, DocumentContext c) {
        boolean ok = true;
        for (Map.Entry<String, List<String>> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty()) {
                c.error(path, "empty tag keys are not supported in v1");
                ok = false;
            } else if (tag.getValue().isEmpty() || tag.getValue().contains("")) {
                c.error(
                        Trees.child(path, tag.getKey()),
                        "empty tag values are not supported in v1;" + " use \"*\" to match any value of the tag");
                ok = false;
            }
        }
        return ok;
    }

    private static void warnIfSplit(Map<String, String> selector, int termCount, String path, DocumentContext c) {
        if (termCount > 1) {
            c.warn(
                    path,
                    "comma-separated values became " + termCount
                            + " selector terms (v1alpha1 accepted any of the listed values)");
        }
    }

    private static List<Object> checkSize(List<Object> terms, String path, DocumentContext c) {
        if (terms.size() > MAX_TERMS) {
            c.error(
                    path,
                    "needs " + terms.size() + " v1 selector terms, more than the " + MAX_TERMS + " v1 allows;"
                            + " select by fewer combinations of values");
            return null;
        }
        return terms;
    }

    private static Map<String, String> stringMap(Object value, String path, DocumentContext c) {
        Map<String, Object> in = c.map(value, path);
        if (in == null) {
            return null;
        }
        if (in.isEmpty()) {
            c.error(path, "must select something: an empty selector has no v1 equivalent");
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String s = c.string(e.getValue(), Trees.child(path, e.getKey()));
            if (s == null) {
                if (e.getValue() == null) {
                    c.error(Trees.child(path, e.getKey()), "must be a string, found null");
                }
                ok = false;
            } else {
                out.put(e.getKey(), s);
            }
        }
        return ok ? out : null;
    }

    private static List<String> nonEmpty(List<String> values) {
        return values.stream().filter(v -> !v.isEmpty()).toList();
    }

    private static List<String> splitCommas(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            out.add(part.trim());
        }
        return out;
    }
}
