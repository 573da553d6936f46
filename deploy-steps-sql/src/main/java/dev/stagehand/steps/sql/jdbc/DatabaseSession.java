package dev.stagehand.steps.sql.jdbc;

import dev.stagehand.api.spi.DatabaseConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * The JDBC connection to one logical database, opened on first use and kept for the whole
 * deployment, with what the deployment learnt about the database (its patch table).
 */
public final class DatabaseSession implements AutoCloseable {

    private static volatile List<Driver> drivers;

    private final DatabaseConnection connection;
    private final SqlDialect dialect;
    private Connection jdbc;
    private Connection lockConnection;
    private PatchTable patches;
    private boolean validated;

    public DatabaseSession(DatabaseConnection connection) {
        this.connection = connection;
        this.dialect = SqlDialect.of(connection);
    }

    public DatabaseConnection connection() {
        return connection;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** The connection, opened (auto-commit on) when first asked for or when the last one broke. */
    public synchronized Connection jdbc() throws SQLException {
        if (jdbc == null || jdbc.isClosed()) {
            jdbc = open(connection);
        }
        return jdbc;
    }

    /** A second connection to the same database, for locks that must outlive the first one's commits. */
    synchronized Connection lockConnection() throws SQLException {
        if (lockConnection == null || lockConnection.isClosed()) {
            lockConnection = open(connection);
        }
        return lockConnection;
    }

    /** The patch table of this database; its rows are read once per deployment. */
    public synchronized PatchTable patches() {
        if (patches == null) {
            patches = new PatchTable(this);
        }
        return patches;
    }

    /** Forgets what was read of the patch table: the database was replaced (restored from a backup). */
    public synchronized void forgetPatches() {
        patches = null;
    }

    /** True the first time it is called: Validate checks each database once per deployment. */
    public synchronized boolean firstValidation() {
        boolean first = !validated;
        validated = true;
        return first;
    }

    /**
     * Opens a connection with the drivers visible to this module's class loader first, then
     * {@link DriverManager}: when handlers are loaded by a plugin class loader, DriverManager
     * does not see the drivers beside them.
     */
    public static Connection open(DatabaseConnection connection) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(connection.properties());
        if (connection.user() != null) {
            properties.setProperty("user", connection.user());
        }
        if (connection.password() != null) {
            properties.setProperty("password", connection.password());
        }
        for (Driver driver : drivers()) {
            if (driver.acceptsURL(connection.url())) {
                Connection opened = driver.connect(connection.url(), properties);
                if (opened != null) {
                    return opened;
                }
            }
        }
        return DriverManager.getConnection(connection.url(), properties);
    }

    private static List<Driver> drivers() {
        List<Driver> known = drivers;
        if (known == null) {
            known = new ArrayList<>();
            for (Driver driver : ServiceLoader.load(Driver.class, DatabaseSession.class.getClassLoader())) {
                known.add(driver);
            }
            drivers = known;
        }
        return known;
    }

    @Override
    public synchronized void close() {
        for (Connection c : new Connection[] {jdbc, lockConnection}) {
            if (c != null) {
                try {
                    if (!c.isClosed() && !c.getAutoCommit()) {
                        c.rollback();
                    }
                    c.close();
                } catch (SQLException e) {
                    // Closing is best effort: the deployment's outcome is decided already.
                }
            }
        }
        jdbc = null;
        lockConnection = null;
    }
}
