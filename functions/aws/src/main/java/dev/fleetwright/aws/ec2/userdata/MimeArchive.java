package dev.fleetwright.aws.ec2.userdata;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MIME multi-part archive of user data parts, read and written the way Karpenter does with Go's {@code mime/multipart}
 * ([A] pkg/providers/amifamily/bootstrap/mime/mime.go, eksbootstrap.go), carriage returns removed.
 *
 * <p>Written form, with the fixed boundary {@code //} so that equal parts give equal bytes:
 *
 * <pre>
 * MIME-Version: 1.0
 * Content-Type: multipart/mixed; boundary="//"
 *
 * --//
 * Content-Type: text/x-shellscript; charset="us-ascii"
 *
 * first part's content
 * --//
 * Content-Type: application/node.eks.aws
 *
 * second part's content
 * --//--
 * </pre>
 *
 * A part's headers are written sorted by name; its content exactly as given (the line break before the next boundary
 * belongs to the boundary).
 */
public final class MimeArchive {

    /** The boundary Fleetwright writes, as Karpenter's. */
    public static final String BOUNDARY = "//";

    /** The content type of shell script parts. */
    public static final String SHELL_SCRIPT = "text/x-shellscript; charset=\"us-ascii\"";

    /** The content type of nodeadm {@code NodeConfig} parts. */
    public static final String NODE_CONFIG = "application/node.eks.aws";

    private static final Pattern BOUNDARY_PARAMETER =
            Pattern.compile("(?i);\\s*boundary\\s*=\\s*(\"([^\"]*)\"|([^;\\s]+))");

    /**
     * One part.
     *
     * @param headers header name (MIME canonical form, for example {@code Content-Type}) to value, sorted by name
     * @param content the content, exactly
     */
    public record Part(SortedMap<String, String> headers, String content) {

        /** Copies the headers. */
        public Part {
            headers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(headers));
            Objects.requireNonNull(content, "content");
        }

        /** A part with only a {@code Content-Type} header. */
        public static Part of(String contentType, String content) {
            return new Part(new TreeMap<>(Map.of("Content-Type", contentType)), content);
        }

        /** The {@code Content-Type} header; empty when absent. */
        public String contentType() {
            return headers.getOrDefault("Content-Type", "");
        }
    }

    private MimeArchive() {}

    /**
     * Whether {@code userData} is MIME, as Karpenter decides: it starts (after white space) with a {@code
     * MIME-Version:} or {@code Content-Type:} header.
     */
    public static boolean isMime(String userData) {
        String trimmed = userData.strip();
        return trimmed.startsWith("MIME-Version:") || trimmed.startsWith("Content-Type:");
    }

    /**
     * Reads the parts of a multi-part archive.
     *
     * @param text the archive; {@code \r\n} line ends are accepted
     * @return the parts, in order
     * @throws IllegalArgumentException if the text has no multipart {@code Content-Type} with a boundary, or a
     *     boundary line is missing
     */
    public static List<Part> parse(String text) {
        String s = text.replace("\r\n", "\n").stripLeading();
        int headerEnd = s.indexOf("\n\n");
        if (headerEnd < 0) {
            throw new IllegalArgumentException("MIME user data has no blank line after its headers");
        }
        Map<String, String> headers = parseHeaders(s.substring(0, headerEnd));
        String contentType = headers.getOrDefault("Content-Type", "");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new IllegalArgumentException(
                    "MIME user data is not multi-part (Content-Type \"" + contentType + "\")");
        }
        Matcher m = BOUNDARY_PARAMETER.matcher(contentType);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    "MIME user data has no boundary in Content-Type \"" + contentType + "\"");
        }
        String boundary = m.group(2) != null ? m.group(2) : m.group(3);
        String delimiter = "--" + boundary;
        String body = "\n" + s.substring(headerEnd + 2);
        int start = indexOfDelimiter(body, delimiter, 0);
        if (start < 0) {
            throw new IllegalArgumentException("MIME user data has no part starting with \"" + delimiter + "\"");
        }
        List<Part> parts = new ArrayList<>();
        int pos = start;
        while (true) {
            int afterDelimiter = pos + 1 + delimiter.length();
            if (body.startsWith("--", afterDelimiter)) {
                return List.copyOf(parts);
            }
            int lineEnd = body.indexOf('\n', afterDelimiter);
            if (lineEnd < 0) {
                throw new IllegalArgumentException("MIME user data ends inside a boundary line");
            }
            int next = indexOfDelimiter(body, delimiter, lineEnd);
            if (next < 0) {
                throw new IllegalArgumentException("MIME user data has no closing boundary \"" + delimiter + "--\"");
            }
            parts.add(parsePart(body.substring(lineEnd + 1, next)));
            pos = next;
        }
    }

    /**
     * Writes parts as an archive with boundary {@link #BOUNDARY}.
     *
     * @param parts the parts, at least one
     * @return the archive text
     * @throws IllegalArgumentException if there is no part, or a part's content contains a boundary line
     */
    public static String write(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a MIME archive needs at least one part");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("MIME-Version: 1.0\n");
        sb.append("Content-Type: multipart/mixed; boundary=\"").append(BOUNDARY).append("\"\n\n");
        boolean first = true;
        for (Part part : parts) {
            if (indexOfDelimiter("\n" + part.content(), "--" + BOUNDARY, 0) >= 0) {
                throw new IllegalArgumentException(
                        "a user data part contains the line \"--" + BOUNDARY + "\", which ends parts");
            }
            sb.append(first ? "" : "\n").append("--").append(BOUNDARY).append('\n');
            first = false;
            part.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
            sb.append('\n').append(part.content());
        }
        sb.append("\n--").append(BOUNDARY).append("--\n");
        return sb.toString();
    }

    /** MIME canonical header name: {@code content-type} becomes {@code Content-Type}. */
    static String canonicalName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.strip().toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }

    /** The index of a {@code "\n" + delimiter} that starts a line and is followed by line end, {@code --} or space. */
    private static int indexOfDelimiter(String body, String delimiter, int from) {
        String needle = "\n" + delimiter;
        int i = body.indexOf(needle, from);
        while (i >= 0) {
            int after = i + needle.length();
            if (after == body.length()
                    || body.charAt(after) == '\n'
                    || body.startsWith("--", after)
                    || body.charAt(after) == ' '
                    || body.charAt(after) == '\t') {
                return i;
            }
            i = body.indexOf(needle, i + 1);
        }
        return -1;
    }

    private static Part parsePart(String text) {
        if (text.startsWith("\n")) {
            return new Part(new TreeMap<>(), text.substring(1));
        }
        int end = text.indexOf("\n\n");
        if (end < 0) {
            // Only headers and no content.
            return new Part(new TreeMap<>(parseHeaders(text)), "");
        }
        return new Part(new TreeMap<>(parseHeaders(text.substring(0, end))), text.substring(end + 2));
    }

    private static Map<String, String> parseHeaders(String block) {
        Map<String, String> headers = new TreeMap<>();
        String last = null;
        for (String line : block.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                headers.put(last, headers.get(last) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("malformed MIME header line \"" + line + "\"");
            }
            last = canonicalName(line.substring(0, colon));
            headers.put(last, line.substring(colon + 1).strip());
        }
        return headers;
    }
}
