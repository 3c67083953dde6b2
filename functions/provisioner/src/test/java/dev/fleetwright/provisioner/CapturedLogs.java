package dev.fleetwright.provisioner;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects the log events of {@code dev.fleetwright} while open, through an appender added to the live log4j
 * configuration (the one the function ships, {@code log4j2.xml}).
 */
final class CapturedLogs implements AutoCloseable {

    /** One captured event. */
    record Line(Level level, String message, Throwable thrown, String cluster) {}

    private final List<Line> lines = new ArrayList<>();
    private final AbstractAppender appender;
    private final LoggerConfig logger;

    CapturedLogs() {
        appender = new AbstractAppender("captured", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                synchronized (lines) {
                    lines.add(new Line(
                            event.getLevel(),
                            event.getMessage().getFormattedMessage(),
                            event.getThrown(),
                            event.getContextData().getValue(ProvisionerHandler.CLUSTER_KEY)));
                }
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        logger = configuration.getLoggerConfig("dev.fleetwright");
        logger.addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    List<Line> at(Level level) {
        return lines().stream().filter(l -> l.level() == level).toList();
    }

    @Override
    public void close() {
        logger.removeAppender("captured");
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        appender.stop();
    }
}
