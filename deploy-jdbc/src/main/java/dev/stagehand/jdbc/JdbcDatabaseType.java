package dev.stagehand.jdbc;

import dev.stagehand.api.database.DatabaseType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A database reached over JDBC: what differs between vendors for the steps that write to it (the
 * SQL module implements PostgreSQL, SQL Server and H2). The defaults suit a database with
 * {@code CREATE TABLE IF NOT EXISTS} and a lock row held by a second connection.
 */
public interface JdbcDatabaseType extends DatabaseType {

    /** A lock taken by {@link #lock}; closing it releases it (a no-op where commit or rollback does). */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The type of a JDBC database no loaded module knows: its URL is used as given, its DDL taken
     * not to roll back, its tables created after asking whether they exist.
     */
    static JdbcDatabaseType generic() {
        return GenericJdbcType.INSTANCE;
    }

    /**
     * Sets the driver properties that bound connecting and logging in to {@code timeout} (a value
     * the URL sets wins, as the drivers read it). Nothing by default: the driver's own bound, or
     * none for an embedded database.
     */
    default void connectTimeout(Properties properties, Duration timeout) {
    }

    /** Whether scripts are batches separated by {@code GO} lines (SQL Server) rather than statements. */
    default boolean goBatches() {
        return false;
    }

    default String timestampType() {
        return "TIMESTAMP";
    }

    default String booleanType() {
        return "BOOLEAN";
    }

    default String textType() {
        return "CLOB";
    }

    /** The column type of bytes of any length (file contents, archives), bound with {@code setBytes}. */
    default String binaryType() {
        return "BLOB";
    }

    /**
     * Whether statements sent as one JDBC batch reach the server in one round trip (pgjdbc
     * pipelines them), so that a script's plain statements are worth batching.
     */
    default boolean batchesStatements() {
        return false;
    }

    /** The JDBC text that calls a stored procedure with {@code parameters} placeholders. */
    default String procedureCall(String procedure, int parameters) {
        return "CALL " + procedure + "(" + String.join(", ", java.util.Collections.nCopies(parameters, "?")) + ")";
    }

    /** Binds a UUID parameter the way the driver takes it. */
    default void setUuid(PreparedStatement statement, int index, java.util.UUID value) throws SQLException {
        statement.setObject(index, value);
    }

    /** Whether a table exists, asked in a way that never leaves a transaction aborted. */
    default boolean tableExists(Connection connection, String table) throws SQLException {
        return answers(connection, "SELECT 1 FROM " + table + " WHERE 1 = 0");
    }

    /** Whether a table has a column, asked in a way that never leaves a transaction aborted. */
    default boolean columnExists(Connection connection, String table, String column) throws SQLException {
        return answers(connection, "SELECT " + column + " FROM " + table + " WHERE 1 = 0");
    }

    private static boolean answers(Connection connection, String query) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            connection.setAutoCommit(true);
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery(query).close();
            return true;
        } catch (SQLException e) {
            return false;
        } finally {
            if (!autoCommit) {
                connection.setAutoCommit(false);
            }
        }
    }

    /** The statement that creates a table unless it exists: {@code CREATE TABLE IF NOT EXISTS} by default. */
    default String createTableIfMissingSql(String table, String columns) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")";
    }

    /**
     * Creates a table unless it exists; {@code columns} is the part between the parentheses. Two
     * deployers creating it at once is no error: PostgreSQL, for one, fails the second
     * {@code CREATE TABLE IF NOT EXISTS} of a race, after which the table is there.
     */
    default void createTableIfMissing(Connection connection, String table, String columns) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(createTableIfMissingSql(table, columns));
        } catch (SQLException e) {
            if (!connection.getAutoCommit() || !tableExists(connection, table)) {
                throw e;
            }
        }
    }

    /**
     * Takes the database lock named {@code resource}, waiting for whoever holds it, so concurrent
     * deployers do one thing at a time (apply a patch once). The default holds a row of
     * {@code T_StagehandLocks} on the session's second connection, since DDL commits in many
     * databases and would release a lock taken in the work's own transaction.
     *
     * @param transactional whether the work runs in one transaction on the session's
     *                      {@link JdbcSession#jdbc() connection}
     */
    default Lock lock(JdbcSession session, boolean transactional, String resource)
            throws SQLException {
        Connection lock = session.lockConnection();
        lock.setAutoCommit(true);
        createTableIfMissing(lock, LockRows.TABLE, "LockId VARCHAR(255) NOT NULL PRIMARY KEY, LockedBy VARCHAR(255)");
        LockRows.insertIfMissing(lock, resource);
        lock.setAutoCommit(false);
        try (PreparedStatement s = lock.prepareStatement("UPDATE " + LockRows.TABLE
                + " SET LockedBy = ? WHERE LockId = ?")) {
            s.setString(1, String.valueOf(ProcessHandle.current().pid()));
            s.setString(2, resource);
            s.executeUpdate();
        }
        return () -> LockRows.rollback(lock);
    }
}
