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

    /**
     * This process's: {@code -Ddeploy.home}, else the folder of the jar it runs from (its parent
     * when the jar is in a {@code lib/} folder, as a distribution lays it out); and
     * {@link System#getenv()}.
     */
    static CommandEnvironment ofProcess() {
        String home = System.getProperty(HOME_PROPERTY);
        Path installed = home == null || home.isBlank() ? jarHome() : Path.of(home);
        return new CommandEnvironment(installed, System.getenv());
    }

    /** Where the running jar lies; null when the classes do not come from a jar. */
    private static Path jarHome() {
        try {
            java.security.CodeSource code = CommandEnvironment.class.getProtectionDomain().getCodeSource();
            if (code == null || code.getLocation() == null) {
                return null;
            }
            Path jar = Path.of(code.getLocation().toURI());
            if (!jar.getFileName().toString().endsWith(".jar") || jar.getParent() == null) {
                return null;
            }
            Path folder = jar.getParent();
            return folder.getFileName() != null && folder.getFileName().toString().equals("lib")
                    && folder.getParent() != null ? folder.getParent() : folder;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
