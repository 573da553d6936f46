package dev.stagehand.api.spi;

import java.util.Set;

/**
 * Runs a script file for {@code Generic} steps ({@code onPrepare="scripts/x.sql"}). The SQL,
 * ClickHouse and PowerShell modules implement it. Found with {@link java.util.ServiceLoader}.
 * A script handler gets the step's context, stores included.
 */
public interface ScriptHandler {

    /**
     * Names usable in {@code scriptHandler="..."}, matched ignoring case (e.g. {@code SQLServer}).
     *
     * @return the names
     */
    Set<String> names();

    /**
     * File extensions (without dot, lower case) this handler is inferred from when no name is given.
     *
     * @return the extensions
     */
    Set<String> extensions();

    /**
     * When two handlers claim a name or an extension, the higher priority wins.
     *
     * @return this handler's priority; built-in handlers use 0
     */
    default int priority() {
        return 0;
    }

    /**
     * Names of variables this handler treats as secrets (see {@link StepHandler#secretVariables}).
     *
     * @return the extra secret names, matched ignoring case
     */
    default Set<String> secretVariables() {
        return Set.of();
    }

    /**
     * Checks one script in the Validate stage, before anything is changed: it exists, its
     * {@code $(...)} tokens resolve, its connection works. Problems go to {@code context.problems()}.
     * The engine has checked already that the script is a file of the package.
     *
     * @param request the script and how to run it
     * @param context the step that runs it
     * @throws Exception to fail the step; reporting a problem is better, as it lets the others be found too
     */
    default void validate(ScriptRequest request, StepContext context) throws Exception {
    }

    /**
     * Runs one script in the stage it is named for.
     *
     * @param request the script and how to run it
     * @param context the step that runs it
     * @throws Exception to fail the step
     */
    void run(ScriptRequest request, StepContext context) throws Exception;
}
