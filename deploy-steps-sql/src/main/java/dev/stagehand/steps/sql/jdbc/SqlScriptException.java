package dev.stagehand.steps.sql.jdbc;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;

/**
 * A statement of a script failed. The message starts with {@code file:line} and ends with the
 * database's own words, because the engine reports a step failure by message at the step's place.
 */
public class SqlScriptException extends DeploymentException {

    private final String file;
    private final int line;
    private final String databaseMessage;

    public SqlScriptException(String file, int line, String databaseMessage, Location step, Throwable cause) {
        super(file + ":" + line + ": " + databaseMessage, step, cause);
        this.file = file;
        this.line = line;
        this.databaseMessage = databaseMessage;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String databaseMessage() {
        return databaseMessage;
    }
}
