package dev.stagehand.steps.sql.jdbc;

import dev.stagehand.api.spi.DatabaseConnection;
import dev.stagehand.steps.sql.script.SqlScriptSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** What differs between the databases the SQL steps speak to. */
public enum SqlDialect {
    POSTGRESQL(true, SqlScriptSplitter.Mode.STATEMENTS, "TIMESTAMP", "BOOLEAN", "TEXT"),
    SQLSERVER(true, SqlScriptSplitter.Mode.BATCHES, "DATETIME2", "BIT", "NVARCHAR(MAX)"),
    /** H2 commits before every DDL statement: a script's DDL cannot be rolled back. */
    H2(false, SqlScriptSplitter.Mode.STATEMENTS, "TIMESTAMP", "BOOLEAN", "CLOB"),
    OTHER(false, SqlScriptSplitter.Mode.STATEMENTS, "TIMESTAMP", "BOOLEAN", "CLOB");

    private final boolean transactionalDdl;
    private final SqlScriptSplitter.Mode splitMode;
    private final String timestampType;
    private final String booleanType;
    private final String textType;

    SqlDialect(boolean transactionalDdl, SqlScriptSplitter.Mode splitMode, String timestampType, String booleanType,
               String textType) {
        this.transactionalDdl = transactionalDdl;
        this.splitMode = splitMode;
        this.timestampType = timestampType;
        this.booleanType = booleanType;
        this.textType = textType;
    }

    public static SqlDialect of(DatabaseConnection connection) {
        String type = connection.type() == null ? "" : connection.type().toLowerCase(Locale.ROOT);
        String url = connection.url() == null ? "" : connection.url().toLowerCase(Locale.ROOT);
        if (type.startsWith("postgres") || url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (type.equals("sqlserver") || type.equals("mssql") || url.startsWith("jdbc:sqlserver:")) {
            return SQLSERVER;
        }
        if (type.equals("h2") || url.startsWith("jdbc:h2:")) {
            return H2;
        }
        return OTHER;
    }

    /** Whether a whole script, DDL included, can run in one transaction and roll back. */
    public boolean transactionalDdl() {
        return transactionalDdl;
    }

    public SqlScriptSplitter.Mode splitMode() {
        return splitMode;
    }

    public String timestampType() {
        return timestampType;
    }

    public String booleanType() {
        return booleanType;
    }

    public String textType() {
        return textType;
    }

    /** Whether a table exists, asked in a way that never leaves a transaction aborted. */
    public boolean tableExists(Connection connection, String table) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            connection.setAutoCommit(true);
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        } finally {
            if (!autoCommit) {
                connection.setAutoCommit(false);
            }
        }
    }

    /** Creates a table unless it exists; {@code columns} is the part between the parentheses. */
    public void createTableIfMissing(Connection connection, String table, String columns) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (this == SQLSERVER) {
                statement.execute("IF OBJECT_ID(N'" + table + "', N'U') IS NULL CREATE TABLE " + table + " ("
                        + columns + ")");
            } else if (this == OTHER) {
                if (!tableExists(connection, table)) {
                    statement.execute("CREATE TABLE " + table + " (" + columns + ")");
                }
            } else {
                statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")");
            }
        }
    }
}
