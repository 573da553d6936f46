package dev.stagehand.steps.sql.types;

import com.google.auto.service.AutoService;
import dev.stagehand.api.database.DatabaseParts;
import dev.stagehand.api.database.DatabaseType;
import dev.stagehand.jdbc.JdbcDatabaseType;
import dev.stagehand.jdbc.JdbcSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** SQL Server: GO batches, transactional DDL, {@code sp_getapplock}. */
@AutoService(DatabaseType.class)
public final class SqlServerType implements JdbcDatabaseType {

    /** The type's name, as {@code Product.Database.Type} writes it. */
    public static final String NAME = "SQLServer";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("mssql", "sql server");
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlserver:");
    }

    /** mssql-jdbc's {@code loginTimeout} bounds connecting and logging in. */
    @Override
    public void connectTimeout(java.util.Properties properties, java.time.Duration timeout) {
        properties.setProperty("loginTimeout", String.valueOf(timeout.toSeconds()));
    }

    @Override
    public String url(DatabaseParts parts) {
        return "jdbc:sqlserver://" + parts.server() + parts.portSuffix() + ";databaseName=" + parts.requiredName()
                + ";encrypt=true";
    }

    /** The JDBC escape: mssql-jdbc runs it as {@code EXEC}. */
    @Override
    public String procedureCall(String procedure, int parameters) {
        return "{" + JdbcDatabaseType.super.procedureCall(procedure, parameters) + "}";
    }

    /** A uniqueidentifier takes the UUID's text. */
    @Override
    public void setUuid(PreparedStatement statement, int index, UUID value) throws SQLException {
        statement.setString(index, value.toString());
    }

    @Override
    public boolean goBatches() {
        return true;
    }

    @Override
    public String timestampType() {
        return "DATETIME2";
    }

    @Override
    public String booleanType() {
        return "BIT";
    }

    @Override
    public String textType() {
        return "NVARCHAR(MAX)";
    }

    @Override
    public String binaryType() {
        return "VARBINARY(MAX)";
    }

    @Override
    public String createTableIfMissingSql(String table, String columns) {
        return "IF OBJECT_ID(N'" + table + "', N'U') IS NULL CREATE TABLE " + table + " (" + columns + ")";
    }

    @Override
    public Lock lock(JdbcSession session, boolean transactional, String resource) throws SQLException {
        Connection connection = session.jdbc();
        String owner = transactional ? "Transaction" : "Session";
        String name = resource.replace("'", "''");
        try (Statement s = connection.createStatement()) {
            s.execute("DECLARE @r INT; EXEC @r = sp_getapplock @Resource = N'" + name + "', @LockMode = 'Exclusive',"
                    + " @LockOwner = '" + owner + "', @LockTimeout = -1; IF @r < 0 THROW 50000, 'cannot take the lock "
                    + name + "', 1;");
        }
        if (transactional) {
            return () -> { };
        }
        return () -> {
            try (Statement s = connection.createStatement()) {
                s.execute("EXEC sp_releaseapplock @Resource = N'" + name + "', @LockOwner = 'Session'");
            } catch (SQLException e) {
                LoggerHolder.LOG.warn("could not release the application lock {} ({}); it goes with the session",
                        resource, e.getMessage());
            }
        };
    }

    private static final class LoggerHolder {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqlServerType.class);
    }
}
