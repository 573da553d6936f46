package dev.stagehand.core.target;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.TargetProvider;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code local:} targets: the deployer's own machine, its base folder the URI's path
 * ({@code local:/srv/app}, {@code local:build/out}, or {@code local:.} for the working folder).
 * Writes are forced to disk once per step, when the engine flushes before journaling it.
 */
@AutoService(TargetProvider.class)
public final class LocalTargetProvider implements TargetProvider {

    /** The URI scheme served: {@code local:}. */
    public static final String SCHEME = "local";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public DeploymentTarget open(URI uri, Function<String, Optional<String>> variables) {
        String path = uri.getSchemeSpecificPart() == null ? "" : uri.getSchemeSpecificPart();
        if (path.startsWith("//")) {
            // local:///srv/app, as file: URIs are written
            path = path.substring(2);
        }
        try {
            boolean workingFolder = path.isEmpty() || path.equals(".");
            Path base = workingFolder ? Path.of("").toAbsolutePath() : Path.of(path).toAbsolutePath();
            // The working folder is the target "local", as it always was; another folder is named by its URI.
            String name = workingFolder ? SCHEME : SCHEME + ":" + path;
            return new LocalTarget(name, base, LocalTarget.Durability.ON_FLUSH);
        } catch (InvalidPathException e) {
            throw new DeploymentException("target " + uri + " names no valid local folder: " + e.getMessage(),
                    Location.UNKNOWN, e);
        }
    }
}
