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
     *
     * @return the generic type
     */
    static JdbcDatabaseType generic() {
        return GenericJdbcType.INSTANCE;
    }

    /**
     * Sets the driver properties that bound connecting and logging in to {@code timeout} (a value
     * the URL sets wins, as the drivers read it). Nothing by default: the driver's own bound, or
     * none for an embedded database.
     *
     * @param properties the driver properties of the connection being opened
     * @param timeout how long connecting and logging in may take
     */
    default void connectTimeout(Properties properties, Duration timeout) {
    }

    /** {@return whether scripts are batches separated by {@code GO} lines (SQL Server) rather than statements} */
    default boolean goBatches() {
        return false;
    }

    /** {@return the column type of a point in time (when a patch was applied, a lock taken)} */
    default String timestampType() {
        return "TIMESTAMP";
    }

    /** {@return the column type of a true/false value} */
    default String booleanType() {
        return "BOOLEAN";
    }

    /** {@return the column type of text of any length (a script, a note)} */
    default String textType() {
        return "CLOB";
    }

    /** {@return the column type of bytes of any length (file contents, archives), bound with {@code setBytes}} */
    default String binaryType() {
        return "BLOB";
    }

    /**
     * Whether statements sent as one JDBC batch reach the server in one round trip (pgjdbc
     * pipelines them), so that a script's plain statements are worth batching.
     *
     * @return true when the driver sends a batch in one round trip
     */
    default boolean batchesStatements() {
        return false;
    }

    /**
     * The JDBC text that calls a stored procedure with {@code parameters} placeholders.
     *
     * @param procedure the procedure's name, as the step writes it
     * @param parameters how many {@code ?} placeholders it takes
     * @return the call, for {@link Connection#prepareCall}
     */
    default String procedureCall(String procedure, int parameters) {
        return "CALL " + procedure + "(" + String.join(", ", java.util.Collections.nCopies(parameters, "?")) + ")";
    }

    /**
     * Binds a UUID parameter the way the driver takes it.
     *
     * @param statement the statement
     * @param index the parameter's index, 1-based
     * @param value the UUID
     * @throws SQLException when the driver refuses it
     */
    default void setUuid(PreparedStatement statement, int index, java.util.UUID value) throws SQLException {
        statement.setObject(index, value);
    }

    /**
     * Whether a table exists, asked in a way that never leaves a transaction aborted.
     *
     * @param connection the connection to ask on
     * @param table the table's name, as SQL writes it
     * @return true when the table exists
     * @throws SQLException when the database cannot be asked at all
     */
    default boolean tableExists(Connection connection, String table) throws SQLException {
        return answers(connection, "SELECT 1 FROM " + table + " WHERE 1 = 0");
    }

    /**
     * Whether a table has a column, asked in a way that never leaves a transaction aborted.
     *
     * @param connection the connection to ask on
     * @param table the table's name, as SQL writes it
     * @param column the column's name
     * @return true when the table has the column
     * @throws SQLException when the database cannot be asked at all
     */
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

    /**
     * The statement that creates a table unless it exists: {@code CREATE TABLE IF NOT EXISTS} by default.
     *
     * @param table the table's name
     * @param columns the column definitions, the part between the parentheses
     * @return the statement
     */
    default String createTableIfMissingSql(String table, String columns) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")";
    }

    /**
     * Creates a table unless it exists; {@code columns} is the part between the parentheses. Two
     * deployers creating it at once is no error: PostgreSQL, for one, fails the second
     * {@code CREATE TABLE IF NOT EXISTS} of a race, after which the table is there.
     *
     * @param connection the connection to create it on
     * @param table the table's name
     * @param columns the column definitions, the part between the parentheses
     * @throws SQLException when the table cannot be created and is not there
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
     * @param session the session whose database holds the lock
     * @param transactional whether the work runs in one transaction on the session's
     *                      {@link JdbcSession#jdbc() connection}
     * @param resource the lock's name (a patch, a table)
     * @return the lock, held until closed
     * @throws SQLException when the lock cannot be taken
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
