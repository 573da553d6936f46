package dev.stagehand.core.internal.plugins;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.TargetProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Targets by URI, through the {@link TargetProvider} of their scheme. A text without a scheme
 * (of two letters or more, so {@code C:\app} stays a path) is a local folder.
 */
public final class Targets {

    /** The target of a deployment that names none: this machine, from the working folder. */
    public static final String DEFAULT = "local:.";
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

    private Targets() {
    }

    public static DeploymentTarget open(String spec, PluginRegistry plugins, Function<String, Optional<String>> variables)
            throws IOException {
        URI uri = uri(spec);
        TargetProvider provider = plugins.targetProvider(uri.getScheme()).orElseThrow(() -> new DeploymentException(
                "no loaded plugin opens '" + uri.getScheme() + ":' targets (" + spec + ")"
                        + KnownModules.moduleOfScheme(uri.getScheme()).map(m -> "; add the module " + m).orElse(""),
                Location.UNKNOWN));
        return provider.open(uri, variables);
    }

    /**
     * The target as it reads from anywhere: a local folder given relative to the working folder
     * made absolute, any other URI as given.
     */
    public static String absolute(String spec) {
        URI uri = uri(spec);
        if (!uri.getScheme().equalsIgnoreCase("local")) {
            return spec;
        }
        String path = uri.getSchemeSpecificPart();
        return "local:" + java.nio.file.Path.of(path.isEmpty() ? "." : path).toAbsolutePath().normalize();
    }

    static URI uri(String spec) {
        try {
            if (SCHEME.matcher(spec).matches()) {
                return new URI(spec);
            }
            return new URI("local", spec, null);
        } catch (URISyntaxException e) {
            throw new DeploymentException("'" + spec + "' is neither a target URI nor a path: " + e.getMessage(),
                    Location.UNKNOWN, e);
        }
    }
}
