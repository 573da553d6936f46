package dev.stagehand.api.spi;

import java.util.Set;

/**
 * Runs a script file for {@code Generic} steps ({@code onPrepare="scripts/x.sql"}). The SQL,
 * ClickHouse and PowerShell modules implement it. Found with {@link java.util.ServiceLoader}.
 * A script handler gets the step's context, stores included.
 */
public interface ScriptHandler {

    /** Names usable in {@code scriptHandler="..."}, matched ignoring case (e.g. {@code SQLServer}). */
    Set<String> names();

    /** File extensions (without dot, lower case) this handler is inferred from when no name is given. */
    Set<String> extensions();

    default int priority() {
        return 0;
    }

    /** Names of variables this handler treats as secrets (see {@link StepHandler#secretVariables}). */
    default Set<String> secretVariables() {
        return Set.of();
    }

    /**
     * Checks one script in the Validate stage, before anything is changed: it exists, its
     * {@code $(...)} tokens resolve, its connection works. Problems go to {@code context.problems()}.
     * The engine has checked already that the script is a file of the package.
     */
    default void validate(ScriptRequest request, StepContext context) throws Exception {
    }

    /** Runs one script in the stage it is named for. */
    void run(ScriptRequest request, StepContext context) throws Exception;
}
