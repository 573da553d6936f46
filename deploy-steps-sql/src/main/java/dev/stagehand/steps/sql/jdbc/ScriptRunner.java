package dev.stagehand.steps.sql.jdbc;

import dev.stagehand.api.Location;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.jdbc.JdbcDatabaseType;
import dev.stagehand.steps.sql.script.SqlStatement;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Runs the statements of one script on a connection and turns a failure into file, line and the database's message. */
public final class ScriptRunner {

    /**
     * Statements PostgreSQL runs without returning rows; inside a transaction they are sent as one
     * JDBC batch, which the driver pipelines in a single round trip.
     */
    private static final Set<String> BATCHABLE = Set.of("CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE",
            "GRANT", "REVOKE", "COMMENT", "TRUNCATE", "DO");
    private static final Pattern RETURNING = Pattern.compile("(?i)\\bRETURNING\\b");
    /** Statements that refuse to run inside a transaction, or that manage transactions themselves. */
    private static final Pattern NO_TRANSACTION = Pattern.compile("(?is)^(?:(?:CREATE|DROP|ALTER)\\s+DATABASE\\b"
            + "|VACUUM\\b|ALTER\\s+SYSTEM\\b|(?:CREATE|DROP)\\s+TABLESPACE\\b"
            + "|(?:CREATE\\s+(?:UNIQUE\\s+)?|DROP\\s+|RE)INDEX\\b.*\\bCONCURRENTLY\\b"
            + "|BACKUP\\b|RESTORE\\b|COMMIT\\b|ROLLBACK\\b|END\\s*$|START\\s+TRANSACTION\\b"
            + "|BEGIN\\s*(?:$|TRAN(?:SACTION)?\\b|WORK\\b|ISOLATION\\b))");

    private ScriptRunner() {
    }

    /** Whether a script can run in one transaction: none of its statements forbids or manages one. */
    public static boolean transactional(List<SqlStatement> statements) {
        return statements.stream().noneMatch(s -> NO_TRANSACTION.matcher(s.text()).find());
    }

    /**
     * Runs {@code statements} of the script {@code file} in order, each as often as its repeat
     * count says. The caller owns the transaction. Each statement (or batch) is cancelled by the
     * server once it runs longer than the database's {@link DatabaseConnection#timeout() timeout},
     * and the failure says which variable sets it.
     *
     * @throws SqlScriptException naming the file and line of the failing statement
     */
    public static void run(Connection connection, JdbcDatabaseType type, DatabaseConnection database, String file,
                           List<SqlStatement> statements, Location step) throws SQLException {
        boolean batching = type.batchesStatements() && !connection.getAutoCommit();
        List<SqlStatement> batch = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, database.timeout().toSeconds()));
            for (SqlStatement s : statements) {
                if (batching && s.repeat() == 1 && BATCHABLE.contains(s.keyword())
                        && !RETURNING.matcher(s.text()).find()) {
                    batch.add(s);
                    continue;
                }
                flush(statement, batch, database, file, step);
                for (int i = 0; i < s.repeat(); i++) {
                    try {
                        statement.execute(s.text());
                    } catch (SQLException e) {
                        throw new SqlScriptException(file, s.line(), message(e, database), step, e);
                    }
                }
            }
            flush(statement, batch, database, file, step);
        }
    }

    private static void flush(Statement statement, List<SqlStatement> batch, DatabaseConnection database, String file,
                              Location step) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() == 1) {
            SqlStatement only = batch.get(0);
            batch.clear();
            try {
                statement.execute(only.text());
            } catch (SQLException e) {
                throw new SqlScriptException(file, only.line(), message(e, database), step, e);
            }
            return;
        }
        for (SqlStatement s : batch) {
            statement.addBatch(s.text());
        }
        try {
            statement.executeBatch();
        } catch (BatchUpdateException e) {
            int failed = failedEntry(e, batch.size());
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new SqlScriptException(file, batch.get(failed).line(), message(cause, database), step, e);
        } finally {
            statement.clearBatch();
            batch.clear();
        }
    }

    private static final Pattern BATCH_ENTRY = Pattern.compile("(?i)Batch entry (\\d+)");

    /**
     * Which statement of a batch failed: PostgreSQL's driver names the entry in its message;
     * otherwise the first entry the update counts mark as failed, or the one after the last counted.
     */
    private static int failedEntry(BatchUpdateException e, int size) {
        java.util.regex.Matcher entry = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
        if (entry.find()) {
            return Math.min(Integer.parseInt(entry.group(1)), size - 1);
        }
        int[] done = e.getUpdateCounts();
        if (done == null) {
            return 0;
        }
        for (int i = 0; i < done.length && i < size; i++) {
            if (done[i] == Statement.EXECUTE_FAILED) {
                return i;
            }
        }
        return Math.min(done.length, size - 1);
    }

    /**
     * The database's message on one line; for a statement the server cancelled at the timeout
     * (PostgreSQL and H2 say SQL state 57014, SQL Server's driver a {@link SQLTimeoutException}),
     * also how long it ran and which variable allows more.
     */
    static String message(SQLException e, DatabaseConnection database) {
        if ((e instanceof SQLTimeoutException || "57014".equals(e.getSQLState())
                || "HY008".equals(e.getSQLState()))) {
            return "the statement ran longer than " + database.timeout().toSeconds() + " s and was cancelled ("
                    + DatabaseConnection.VARIABLE_PREFIX + "." + database.logicalName() + ".Timeout sets how many"
                    + " seconds a statement may run): " + message(e);
        }
        return message(e);
    }

    /** The database's message on one line. */
    static String message(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
