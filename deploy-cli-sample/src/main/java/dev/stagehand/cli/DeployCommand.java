package dev.stagehand.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code deploy} command; its sub-commands do the work. Exit codes: 0 success, 1 failure, 2 bad usage. */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = DeployCommand.Version.class,
        description = "Deploys versioned packages through the seven-stage pipeline.",
        subcommands = {ValidateCommand.class, PlanCommand.class, InstallCommand.class, StatusCommand.class,
                TransformCommand.class, CommandLine.HelpCommand.class})
public final class DeployCommand {

    /** Exit code when a command ran and found the input invalid or the deployment failed. */
    static final int FAILED = 1;

    @Option(names = "--debug", description = "Log debug details (and stack traces) to standard error.",
            scope = CommandLine.ScopeType.INHERIT)
    void debug(boolean on) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(on ? Level.DEBUG : Level.WARN);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in-process. */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new DeployCommand());
        line.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("deploy: " + ex.getMessage());
            LoggerFactory.getLogger(DeployCommand.class).debug("command failed", ex);
            return FAILED;
        });
        return line;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DeployCommand.class.getPackage().getImplementationVersion();
            return new String[] {"deploy " + (version == null ? "(development build)" : version)};
        }
    }
}
