package dev.stagehand.api.spi;

import dev.stagehand.api.PipelineStage;

/**
 * A script to run for a Generic step.
 *
 * @param scriptPath       path of the script inside the package
 * @param stage            the stage it runs in ({@code onPrepare} names Prepare)
 * @param targetDatabase   the expanded {@code targetDatabase}, null when none
 * @param patchId          the expanded {@code patchId}, null when none
 * @param patchDescription the expanded {@code patchDescription}, null when none
 * @param replaceTokens    replace {@code $(...)} in the script before running it
 */
public record ScriptRequest(String scriptPath, PipelineStage stage, String targetDatabase, String patchId,
                            String patchDescription, boolean replaceTokens) {
}
