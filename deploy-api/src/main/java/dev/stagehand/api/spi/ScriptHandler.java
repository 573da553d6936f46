package dev.stagehand.api.spi;

import java.util.Set;

/**
 * Runs a script file for {@code Generic} steps ({@code onPrepare="scripts/x.sql"}). The SQL,
 * ClickHouse and PowerShell modules implement it. Found with {@link java.util.ServiceLoader}.
 */
public interface ScriptHandler {

    /** Names usable in {@code scriptHandler="..."}, matched ignoring case (e.g. {@code SQLServer}). */
    Set<String> names();

    /** File extensions (without dot, lower case) this handler is inferred from when no name is given. */
    Set<String> extensions();

    default int priority() {
        return 0;
    }

    /** Runs one script. */
    void run(ScriptRequest request, StepContext context) throws Exception;
}
