package dev.fleetwright.simulator;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fleetwright} command line: runs Fleetwright's use cases on embedded backends (the real EC2 catalog and
 * prices, a simulated cluster, a virtual clock).
 */
@Command(
        name = "fleetwright",
        mixinStandardHelpOptions = true,
        versionProvider = Fleetwright.Version.class,
        description = "Karpenter-compatible node autoscaling for Amazon EKS, serverless on AWS Lambda.",
        subcommands = {CommandLine.HelpCommand.class, ConvertCommand.class})
public final class Fleetwright implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point; exits with the command's status (0 success, 1 invalid input, 2 usage error). */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line with the process environment, as {@link #main} runs it. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /**
     * The configured command line, shared by {@link #main} and tests.
     *
     * @param environment the variables that fill {@code ${VAR}} placeholders in configuration files
     * @return the command line with every subcommand registered
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new Fleetwright())
                .addSubcommand("simulate", new SimulateCommand(environment))
                .addSubcommand("validate", new ValidateCommand(environment))
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Fleetwright.class.getPackage().getImplementationVersion();
            return new String[] {"fleetwright " + (v == null ? "development" : v)};
        }
    }
}
