package dev.stagehand.api.target;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opens targets of one URI scheme ({@code local}, {@code ssh}). Found with
 * {@link java.util.ServiceLoader}; the engine and the embedding API build every target through
 * the provider of its scheme. A plain path (no scheme) is a {@code local} target.
 */
public interface TargetProvider {

    /** {@return the URI scheme served, e.g. {@code ssh}; matched ignoring case} */
    String scheme();

    /** {@return the priority: when two providers serve one scheme, the higher wins} */
    default int priority() {
        return 0;
    }

    /**
     * Opens the target a URI names.
     *
     * @param uri       the target, e.g. {@code local:/srv/app} or {@code ssh://deploy@app1:22/srv/app}
     * @param variables the deployment's variables, for credentials the URI does not carry (secrets
     *                  among them are masked in every output)
     * @return the open target; the caller closes it
     * @throws IOException when the target cannot be reached or refuses the credentials
     */
    DeploymentTarget open(URI uri, Function<String, Optional<String>> variables) throws IOException;
}
