package dev.stagehand.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the command is given besides its arguments: the folder it is installed in and the
 * environment variables. Tests give their own, so that the machine's environment does not leak in.
 *
 * @param home      the installation folder (the repository root for {@code ./deploy}); null when not known
 * @param variables the environment variables ({@code DEPLOY_PLUGINS}, {@code DEPLOY_VAR_...})
 */
record CommandEnvironment(Path home, Map<String, String> variables) {

    /** The system property the launch scripts set to the installation folder. */
    static final String HOME_PROPERTY = "deploy.home";

    CommandEnvironment {
        variables = Map.copyOf(variables);
    }

    /** This process's: {@code -Ddeploy.home} and {@link System#getenv()}. */
    static CommandEnvironment ofProcess() {
        String home = System.getProperty(HOME_PROPERTY);
        return new CommandEnvironment(home == null || home.isBlank() ? null : Path.of(home), System.getenv());
    }
}
