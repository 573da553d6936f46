package dev.stagehand.jdbc;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.database.DatabaseParts;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A JDBC database no loaded module knows: its URL is used as given, DDL is taken not to roll
 * back, and tables are created after asking whether they exist.
 */
final class GenericJdbcType implements JdbcDatabaseType {

    static final GenericJdbcType INSTANCE = new GenericJdbcType();

    @Override
    public String name() {
        return "JDBC";
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.startsWith("jdbc:");
    }

    @Override
    public String url(DatabaseParts parts) {
        throw new DeploymentException("a database of unknown type needs " + parts.variablePrefix() + ".Url",
                Location.UNKNOWN);
    }

    /** Not every database knows {@code IF NOT EXISTS}: asked first, and a lost race is forgiven by the caller. */
    @Override
    public void createTableIfMissing(Connection connection, String table, String columns) throws SQLException {
        if (!tableExists(connection, table)) {
            JdbcDatabaseType.super.createTableIfMissing(connection, table, columns);
        }
    }

    @Override
    public String createTableIfMissingSql(String table, String columns) {
        return "CREATE TABLE " + table + " (" + columns + ")";
    }
}
