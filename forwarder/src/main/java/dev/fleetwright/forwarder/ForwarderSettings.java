package dev.fleetwright.forwarder;

import dev.fleetwright.forwarder.publish.BatchTimings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forwarder's configuration, read once at start from the environment ({@link #fromEnvironment(Map)}).
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code FLEETWRIGHT_CLUSTER_NAME}</td><td>EKS cluster name, written in every event</td><td>required</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_EVENT_BUS}</td><td>bus name or ARN (stack output)</td><td>required</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_REGION}, else {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}</td>
 *       <td>the bus's region</td><td>the region of the bus ARN</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_HTTP_PORT}</td><td>port of /healthz, /readyz, /metrics</td><td>8080</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_BATCH_IDLE}</td><td>send after no new pod for this long</td><td>1s</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_BATCH_MAX}</td><td>send at most this long after the first new pod</td><td>10s</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_RESEND_INTERVAL}</td><td>re-send pods still pending after this long</td><td>30s</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_WATCH_TIMEOUT}</td><td>server-side timeout of each pod watch</td><td>5m</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_BACKOFF_INITIAL}</td><td>first retry delay (Kubernetes and EventBridge)</td><td>1s</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_BACKOFF_MAX}</td><td>longest retry delay</td><td>30s</td></tr>
 *   <tr><td>{@code FLEETWRIGHT_EVENTBRIDGE_ENDPOINT}</td><td>endpoint override (local engines only)</td><td>none</td></tr>
 *   <tr><td>{@code POD_NAME}, else {@code HOSTNAME}</td><td>the forwarder's name in events</td>
 *       <td>{@code fleetwright-forwarder}</td></tr>
 * </table>
 *
 * <p>Durations are written {@code 500ms}, {@code 1s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT1S}).
 *
 * @param clusterName the EKS cluster name; EKS's rule: 1–100 characters, letters, digits, {@code -} and {@code _},
 *     starting with a letter or digit
 * @param eventBus the EventBridge bus name or ARN
 * @param region the AWS region of the bus, e.g. {@code eu-west-1}
 * @param forwarderName the forwarder's pod name, written in events
 * @param httpPort the health and metrics port, 1–65535 (0, which picks a free port, only in tests)
 * @param eventBridgeEndpoint an endpoint override for local engines (moto); empty against AWS
 * @param batchTimings debounce and re-send intervals
 * @param watchTimeout the server-side timeout of each watch, 10 s to 1 h
 * @param backoffInitial the first retry delay's upper bound, positive
 * @param backoffMax the longest retry delay, at least {@code backoffInitial}
 */
public record ForwarderSettings(
        String clusterName,
        String eventBus,
        String region,
        String forwarderName,
        int httpPort,
        Optional<URI> eventBridgeEndpoint,
        BatchTimings batchTimings,
        Duration watchTimeout,
        Duration backoffInitial,
        Duration backoffMax) {

    private static final Pattern CLUSTER_NAME = Pattern.compile("[0-9A-Za-z][A-Za-z0-9_-]{0,99}");
    /** EventBridge's EventBusName pattern (PutEventsRequestEntry): a name, or the bus ARN. */
    private static final Pattern BUS_NAME = Pattern.compile("[/.\\-_A-Za-z0-9]{1,256}");

    private static final Pattern BUS_ARN =
            Pattern.compile("arn:aws[\\w-]*:events:([a-z0-9-]+):[0-9]{12}:event-bus/[/.\\-_A-Za-z0-9]{1,256}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

    /**
     * Validates.
     *
     * @throws SettingsException listing every invalid field
     */
    public ForwarderSettings {
        List<String> problems = new ArrayList<>();
        if (clusterName == null || !CLUSTER_NAME.matcher(clusterName).matches()) {
            problems.add("clusterName: must be 1-100 letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (eventBus == null
                || !(BUS_NAME.matcher(eventBus).matches()
                        || BUS_ARN.matcher(eventBus).matches())) {
            problems.add("eventBus: must be an event bus name or arn:aws:events:REGION:ACCOUNT:event-bus/NAME");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            problems.add("region: must be an AWS region such as eu-west-1");
        }
        if (forwarderName == null || forwarderName.isBlank()) {
            problems.add("forwarderName: required, not blank");
        }
        if (httpPort < 0 || httpPort > 65_535) {
            problems.add("httpPort: must be 0..65535 (0 picks a free port, for tests)");
        }
        Objects.requireNonNull(eventBridgeEndpoint, "eventBridgeEndpoint");
        Objects.requireNonNull(batchTimings, "batchTimings");
        if (watchTimeout == null
                || watchTimeout.compareTo(Duration.ofSeconds(10)) < 0
                || watchTimeout.compareTo(Duration.ofHours(1)) > 0) {
            problems.add("watchTimeout: must be 10s..1h");
        }
        if (backoffInitial == null || backoffInitial.isNegative() || backoffInitial.isZero()) {
            problems.add("backoffInitial: must be positive");
        } else if (backoffMax == null || backoffMax.compareTo(backoffInitial) < 0) {
            problems.add("backoffMax: must be at least backoffInitial");
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
    }

    /**
     * Reads the settings from environment variables (see the class table).
     *
     * @param env the environment, usually {@code System.getenv()}; not null
     * @return the settings
     * @throws SettingsException listing every missing or invalid variable, each with its name and rule
     */
    public static ForwarderSettings fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        List<String> problems = new ArrayList<>();

        String cluster = value(env, "FLEETWRIGHT_CLUSTER_NAME").orElse(null);
        if (cluster == null) {
            problems.add("FLEETWRIGHT_CLUSTER_NAME: required, the EKS cluster name the stack serves");
        } else if (!CLUSTER_NAME.matcher(cluster).matches()) {
            problems.add("FLEETWRIGHT_CLUSTER_NAME: '" + cluster
                    + "' is not an EKS cluster name (1-100 letters, digits, '-' or '_', starting with a letter or"
                    + " digit)");
        }

        String bus = value(env, "FLEETWRIGHT_EVENT_BUS").orElse(null);
        Optional<String> arnRegion = Optional.empty();
        if (bus == null) {
            problems.add("FLEETWRIGHT_EVENT_BUS: required, the event bus name or ARN from the stack outputs");
        } else {
            Matcher arn = BUS_ARN.matcher(bus);
            if (arn.matches()) {
                arnRegion = Optional.of(arn.group(1));
            } else if (!BUS_NAME.matcher(bus).matches()) {
                problems.add("FLEETWRIGHT_EVENT_BUS: '" + bus
                        + "' is neither an event bus name ([/.-_A-Za-z0-9], 1-256) nor an event bus ARN");
            }
        }

        Optional<String> regionVariable = value(env, "FLEETWRIGHT_REGION")
                .or(() -> value(env, "AWS_REGION"))
                .or(() -> value(env, "AWS_DEFAULT_REGION"));
        Optional<String> busRegion = arnRegion;
        String region = regionVariable.or(() -> busRegion).orElse(null);
        if (region == null) {
            problems.add("FLEETWRIGHT_REGION: required (or AWS_REGION, or a bus ARN), the region of the event bus");
        } else if (!REGION.matcher(region).matches()) {
            problems.add("FLEETWRIGHT_REGION: '" + region + "' is not an AWS region such as eu-west-1");
        } else if (arnRegion.isPresent() && !arnRegion.get().equals(region)) {
            problems.add("FLEETWRIGHT_REGION: '" + region + "' differs from the bus ARN's region '" + arnRegion.get()
                    + "'; PutEvents must go to the bus's region");
        }

        int port = integer(env, "FLEETWRIGHT_HTTP_PORT", 8080, 1, 65_535, problems);
        Duration idle = duration(env, "FLEETWRIGHT_BATCH_IDLE", Duration.ofSeconds(1), problems);
        Duration max = duration(env, "FLEETWRIGHT_BATCH_MAX", Duration.ofSeconds(10), problems);
        Duration resend = duration(env, "FLEETWRIGHT_RESEND_INTERVAL", Duration.ofSeconds(30), problems);
        Duration watchTimeout = duration(env, "FLEETWRIGHT_WATCH_TIMEOUT", Duration.ofMinutes(5), problems);
        Duration backoffInitial = duration(env, "FLEETWRIGHT_BACKOFF_INITIAL", Duration.ofSeconds(1), problems);
        Duration backoffMax = duration(env, "FLEETWRIGHT_BACKOFF_MAX", Duration.ofSeconds(30), problems);
        if (idle != null && max != null && idle.compareTo(max) > 0) {
            problems.add("FLEETWRIGHT_BATCH_IDLE: " + idle + " must not exceed FLEETWRIGHT_BATCH_MAX " + max);
        }
        if (watchTimeout != null
                && (watchTimeout.compareTo(Duration.ofSeconds(10)) < 0
                        || watchTimeout.compareTo(Duration.ofHours(1)) > 0)) {
            problems.add("FLEETWRIGHT_WATCH_TIMEOUT: must be between 10s and 1h, was " + watchTimeout);
        }
        if (backoffInitial != null && backoffMax != null && backoffMax.compareTo(backoffInitial) < 0) {
            problems.add("FLEETWRIGHT_BACKOFF_MAX: " + backoffMax + " must be at least FLEETWRIGHT_BACKOFF_INITIAL "
                    + backoffInitial);
        }

        Optional<URI> endpoint = Optional.empty();
        Optional<String> endpointValue = value(env, "FLEETWRIGHT_EVENTBRIDGE_ENDPOINT");
        if (endpointValue.isPresent()) {
            try {
                URI uri = new URI(endpointValue.get());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    problems.add("FLEETWRIGHT_EVENTBRIDGE_ENDPOINT: must be an http(s) URL with a host, was '"
                            + endpointValue.get() + "'");
                } else {
                    endpoint = Optional.of(uri);
                }
            } catch (URISyntaxException e) {
                problems.add("FLEETWRIGHT_EVENTBRIDGE_ENDPOINT: not a URL: " + e.getMessage());
            }
        }

        String forwarderName =
                value(env, "POD_NAME").or(() -> value(env, "HOSTNAME")).orElse("fleetwright-forwarder");

        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return new ForwarderSettings(
                cluster,
                bus,
                region,
                forwarderName,
                port,
                endpoint,
                new BatchTimings(idle, max, resend),
                watchTimeout,
                backoffInitial,
                backoffMax);
    }

    /**
     * Parses a duration: {@code 250ms}, {@code 1s}, {@code 5m}, {@code 2h}, or ISO-8601 such as {@code PT1.5S}.
     *
     * @param text the text; not null
     * @return the positive duration
     * @throws IllegalArgumentException if the text is not such a duration or is not positive
     */
    public static Duration parseDuration(String text) {
        String trimmed = text.trim();
        Duration parsed;
        Matcher simple = DURATION.matcher(trimmed);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            parsed = switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } else {
            try {
                parsed = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not a duration such as 500ms, 1s, 5m, 1h or PT1S", e);
            }
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw new IllegalArgumentException("'" + text + "' must be a positive duration");
        }
        return parsed;
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int integer(
            Map<String, String> env, String name, int fallback, int min, int max, List<String> problems) {
        Optional<String> text = value(env, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(text.get());
            if (parsed < min || parsed > max) {
                problems.add(name + ": must be " + min + ".." + max + ", was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + text.get() + "' is not an integer");
            return fallback;
        }
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback, List<String> problems) {
        Optional<String> text = value(env, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return parseDuration(text.get());
        } catch (IllegalArgumentException e) {
            problems.add(name + ": " + e.getMessage());
            return null;
        }
    }
}
