package dev.stagehand.api.spi;

import java.util.Optional;

/**
 * A script to run for a Generic step.
 *
 * @param scriptPath     path of the script inside the package
 * @param targetDatabase the expanded {@code targetDatabase}, null when none
 * @param patchId        the expanded {@code patchId}, null when none
 * @param patchDescription the expanded {@code patchDescription}, null when none
 * @param replaceTokens  replace {@code $(...)} in the script before running it
 */
public record ScriptRequest(String scriptPath, String targetDatabase, String patchId, String patchDescription,
                            boolean replaceTokens) {

    public Optional<String> patchIdIfAny() {
        return Optional.ofNullable(patchId);
    }
}
