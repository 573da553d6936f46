package dev.stagehand.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.core.Stagehand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code deploy} command; its sub-commands do the work. Exit codes: 0 success, 1 failure, 2 bad usage.
 * It owns what every sub-command shares: the plugins, the environment, the log levels.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = DeployCommand.Version.class,
        description = "Deploys versioned packages through the seven-stage pipeline.")
public final class DeployCommand {

    /**
     * The sub-commands, in the order the usage lists them. Not in the annotation: picocli reflects
     * over every option of every sub-command it is given, and a run needs one (see {@link #commandLine}).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ValidateCommand.class, PlanCommand.class,
            InstallCommand.class, UninstallCommand.class, RollbackCommand.class, VerifyCommand.class,
            StatusCommand.class, TransformCommand.class, PluginsCommand.class, ParametersCommand.class,
            WizardCommand.class, ServerCommand.class, ScheduleCommand.class, RunScheduledCommand.class,
            DeploymentsCommand.class, CancelCommand.class, OpConCommand.class, CommandLine.HelpCommand.class);

    /** Exit code when a command ran and found the input invalid or the deployment failed. */
    static final int FAILED = 1;

    private final CommandEnvironment environment;
    private PluginJars plugins;

    @Option(names = "--debug", description = "Log debug details (and stack traces) to standard error.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Option(names = {"-v", "--verbose"}, description = "Show what the handlers log (INFO lines) on standard error.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Also load the plugin jars of DIR (repeatable; give it before the command).")
    List<Path> pluginFolders = new ArrayList<>();

    private DeployCommand(CommandEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(CommandEnvironment.ofProcess(), args).execute(args));
    }

    /** The configured command line with every sub-command (for its reference pages, say). */
    static CommandLine commandLine(CommandEnvironment environment) {
        return commandLine(environment, new String[0]);
    }

    /**
     * The configured command line to run {@code args} with; tests run it in-process with an
     * environment of their own. It holds only the sub-command {@code args} name, since building
     * the model of all of them was the larger part of the start-up of a short command; it holds
     * them all when the arguments name none or ask for {@code help} (the usage, the suggestions
     * for a misspelt command and {@code deploy help COMMAND} need them).
     */
    static CommandLine commandLine(CommandEnvironment environment, String[] args) {
        DeployCommand command = new DeployCommand(environment);
        CommandLine line = new CommandLine(command);
        Optional<Class<?>> named = subcommandNamed(line.getCommandSpec(), args);
        for (Class<?> subcommand : SUBCOMMANDS) {
            if (named.isEmpty() || named.get() == subcommand) {
                line.addSubcommand(subcommand);
            }
        }
        // `deploy --plugins plugins ...`: the natural name of the folder is also a command's.
        line.setAllowSubcommandsAsOptionParameters(true);
        line.setExecutionStrategy(command::execute);
        CommandLine.IParameterExceptionHandler usage = line.getParameterExceptionHandler();
        line.setParameterExceptionHandler((ex, given) -> usage.handleParseException(clearer(ex, given), given));
        line.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("deploy: " + ex.getMessage());
            LoggerFactory.getLogger(DeployCommand.class).debug("command failed", ex);
            return FAILED;
        });
        return line;
    }

    /**
     * The sub-command the first argument that is no global option of {@code deploy} (or its value)
     * names; empty when there is none, it is {@code help}, or an argument file ({@code @FILE}) or
     * {@code --} hides what follows.
     */
    static Optional<Class<?>> subcommandNamed(CommandLine.Model.CommandSpec deploy, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("@") || arg.equals("--")) {
                return Optional.empty();
            }
            if (arg.startsWith("-")) {
                CommandLine.Model.OptionSpec option = deploy.findOption(arg);
                if (option != null && option.arity().min() > 0) {
                    i++;
                }
                continue;
            }
            for (Class<?> subcommand : SUBCOMMANDS) {
                Command annotation = subcommand.getAnnotation(Command.class);
                if (subcommand != CommandLine.HelpCommand.class && (annotation.name().equals(arg)
                        || Arrays.asList(annotation.aliases()).contains(arg))) {
                    return Optional.of(subcommand);
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A command that says some of its parse errors in its users' terms rather than picocli's. */
    interface ExplainsUsage {
        /** {@code error} reworded, or itself; {@code args} are the command line's arguments. */
        CommandLine.ParameterException explain(CommandLine.ParameterException error, List<String> args);
    }

    private static CommandLine.ParameterException clearer(CommandLine.ParameterException ex, String[] args) {
        return ex.getCommandLine() != null && ex.getCommandLine().getCommand() instanceof ExplainsUsage command
                ? command.explain(ex, Arrays.stream(args).map(a -> a.split("=", 2)[0]).toList()) : ex;
    }

    /** Runs the chosen sub-command with the log levels and the plugins the global options ask for. */
    private int execute(CommandLine.ParseResult parsed) {
        for (Path folder : pluginFolders) {
            if (!Files.isDirectory(folder)) {
                throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                        "no such plugins folder: " + folder + " (--plugins)");
            }
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(debug ? Level.DEBUG : Level.WARN);
        // Set every run, not only when asked: tests run many commands in one process.
        ((Logger) LoggerFactory.getLogger("dev.stagehand")).setLevel(verbose && !debug ? Level.INFO : null);
        try (PluginJars jars = PluginJars.of(environment, pluginFolders)) {
            plugins = jars;
            return new CommandLine.RunLast().execute(parsed);
        }
    }

    /** The environment variables this run was given. */
    Map<String, String> variables() {
        return environment.variables();
    }

    /** A configuration with this run's plugins and environment; a sub-command adds what it deploys. */
    Stagehand.Configuration configure() {
        return Stagehand.configure().classLoader(plugins.classLoader()).environment(environment.variables());
    }

    /**
     * The configured instance, its plugins loaded already, so that one that cannot be loaded is
     * reported naming its jar before anything else happens.
     *
     * @throws DeploymentException when a plugin cannot be loaded
     */
    Stagehand load(Stagehand.Configuration configuration) {
        Stagehand stagehand = configuration.load();
        try {
            stagehand.plugins();
        } catch (DeploymentException | LinkageError e) {
            throw plugins.explain(e);
        }
        return stagehand;
    }

    /** The version, the commit it was built from (recorded at build time) and the Java that runs it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            java.util.Properties build = new java.util.Properties();
            try (java.io.InputStream in = DeployCommand.class.getResourceAsStream("build.properties")) {
                if (in != null) {
                    build.load(in);
                }
            }
            String version = recorded(build, "version").orElse("(development build)");
            String commit = recorded(build, "commit").map(c -> "commit " + c
                    + (recorded(build, "dirty").filter("true"::equals).isPresent() ? " with local changes" : ""))
                    .orElse("commit unknown");
            return new String[] {"deploy " + version + " (" + commit + ")",
                    "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                            + ", " + System.getProperty("java.home") + ")"};
        }

        /** A value the build filled in: empty when it left the placeholder (no git, say). */
        private static Optional<String> recorded(java.util.Properties build, String key) {
            String value = build.getProperty(key, "").trim();
            return value.isEmpty() || value.startsWith("${") ? Optional.empty() : Optional.of(value);
        }
    }
}
