package dev.stagehand.jdbc;

import dev.stagehand.api.database.DatabaseConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC connection to one logical database, opened on first use and kept for the whole
 * deployment (see {@link JdbcSessions}), with a second connection for locks that must outlive the
 * first one's commits. Closed once, by the engine, when the deployment ends.
 */
public final class JdbcSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSession.class);
    private static volatile List<Driver> drivers;

    private final DatabaseConnection connection;
    private final JdbcDatabaseType type;
    private Connection jdbc;
    private Connection lockConnection;

    public JdbcSession(DatabaseConnection connection, JdbcDatabaseType type) {
        this.connection = connection;
        this.type = type;
    }

    public DatabaseConnection connection() {
        return connection;
    }

    public JdbcDatabaseType type() {
        return type;
    }

    /** The connection, opened (auto-commit on) when first asked for or when the last one broke. */
    public synchronized Connection jdbc() throws SQLException {
        if (jdbc == null || jdbc.isClosed()) {
            jdbc = open(connection);
        }
        return jdbc;
    }

    /** A second connection to the same database, for locks that must outlive the first one's commits. */
    public synchronized Connection lockConnection() throws SQLException {
        if (lockConnection == null || lockConnection.isClosed()) {
            lockConnection = open(connection);
        }
        return lockConnection;
    }

    /**
     * Opens a connection with the drivers visible to this module's class loader first, then
     * {@link DriverManager}: when modules are loaded by a plugin class loader, DriverManager does
     * not see the drivers beside them.
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
            for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                    JdbcSession.class.getClassLoader()}) {
                if (loader == null) {
                    continue;
                }
                for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                    if (known.stream().noneMatch(d -> d.getClass() == driver.getClass())) {
                        known.add(driver);
                    }
                }
            }
            drivers = known;
        }
        return known;
    }

    /** Rolls back what is open and closes both connections; a failure is logged, the rest still closed. */
    @Override
    public synchronized void close() {
        for (Connection c : new Connection[] {jdbc, lockConnection}) {
            if (c == null) {
                continue;
            }
            try {
                if (!c.isClosed() && !c.getAutoCommit()) {
                    c.rollback();
                }
            } catch (SQLException e) {
                LOG.warn("rolling back the open work on {} failed: {}", connection.describe(), e.getMessage());
            }
            try {
                c.close();
            } catch (SQLException e) {
                LOG.warn("closing a connection to {} failed: {}", connection.describe(), e.getMessage());
            }
        }
        jdbc = null;
        lockConnection = null;
    }
}
