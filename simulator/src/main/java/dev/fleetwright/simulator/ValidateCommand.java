package dev.fleetwright.simulator;

import dev.fleetwright.core.api.load.ConfigError;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fleetwright validate PATH...}: loads NodePools and EC2NodeClasses with Karpenter's defaults and rules and
 * prints what Fleetwright understood, or every error.
 *
 * <p>Exit status: 0 when valid, 1 when any error was found (all printed to standard error), 2 for usage errors.
 * {@code ${VAR}} placeholders are filled from the environment given at construction (the process environment from
 * the command line).
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check Karpenter NodePool and EC2NodeClass YAML (karpenter.sh/v1, karpenter.k8s.aws/v1; older versions are"
                    + " converted first, as fleetwright convert does) against Karpenter's rules and print what"
                    + " Fleetwright will use.",
            "Directories contribute their *.yaml and *.yml files. ${VAR} and ${VAR:-default} are replaced from the"
                    + " environment; write $${VAR} for a literal ${VAR}."
        })
public final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "YAML files or directories")
    List<Path> paths;

    private final Map<String, String> environment;

    /**
     * @param environment the variables for {@code ${VAR}} placeholders, not null
     */
    public ValidateCommand(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        LoadResult result = new ConfigLoader(environment).load(paths);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String warning : result.warnings()) {
            err.println("warning: " + warning);
        }
        if (!result.isValid()) {
            for (ConfigError error : result.errors()) {
                err.println(error);
            }
            int n = result.errors().size();
            err.println(n + (n == 1 ? " error" : " errors") + " found");
            err.flush();
            return 1;
        }
        out.print(ConfigSummary.format(result));
        out.flush();
        return 0;
    }
}
