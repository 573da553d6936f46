package dev.stagehand.api.target;

import java.io.IOException;
import java.net.URI;

/**
 * Opens targets of one URI scheme ({@code local}, {@code ssh}). Found with
 * {@link java.util.ServiceLoader}; the SSH module provides one.
 */
public interface TargetProvider {

    /** The URI scheme served, e.g. {@code ssh}. */
    String scheme();

    /** Opens the target; credentials come from the URI and the given secret lookup. */
    DeploymentTarget open(URI uri, java.util.function.Function<String, String> secrets) throws IOException;
}
