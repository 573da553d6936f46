package dev.stagehand.steps.clickhouse;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;

/**
 * A statement of a ClickHouse script failed. The message starts with {@code file:line}, names the
 * statement, ends with the server's own words, and says that the statements before it stay
 * applied: ClickHouse has no transactions to roll them back.
 */
public final class ClickHouseScriptException extends DeploymentException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int statement;
    private final int line;
    private final String serverMessage;

    ClickHouseScriptException(String file, int statement, int line, String serverMessage, int ranBefore,
                              Location step, Throwable cause) {
        super(file + ":" + line + ": statement " + statement + " failed: " + serverMessage
                + "; statements before were not rolled back (ClickHouse has no transactions): " + ranBefore
                + " statement" + (ranBefore == 1 ? "" : "s") + " of this step ran before it", step, cause);
        this.file = file;
        this.statement = statement;
        this.line = line;
        this.serverMessage = serverMessage;
    }

    public String file() {
        return file;
    }

    /** 1-based number of the statement in its file. */
    public int statement() {
        return statement;
    }

    public int line() {
        return line;
    }

    public String serverMessage() {
        return serverMessage;
    }
}
