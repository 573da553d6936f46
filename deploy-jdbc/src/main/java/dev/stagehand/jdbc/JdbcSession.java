package dev.stagehand.jdbc;

import dev.stagehand.api.database.DatabaseConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
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
    /** The drivers each class loader sees, looked up once per loader (a plugin's loader among them). */
    private static final Map<ClassLoader, List<Driver>> DRIVERS = Collections.synchronizedMap(new WeakHashMap<>());

    private final DatabaseConnection connection;
    private final JdbcDatabaseType type;
    private Connection jdbc;
    private Connection lockConnection;

    /**
     * A session that connects on first use.
     *
     * @param connection the database's connection parts and credentials
     * @param type the database's type, which knows its driver's ways
     */
    public JdbcSession(DatabaseConnection connection, JdbcDatabaseType type) {
        this.connection = connection;
        this.type = type;
    }

    /** {@return the connection parts this session connects with} */
    public DatabaseConnection connection() {
        return connection;
    }

    /** {@return the database's type} */
    public JdbcDatabaseType type() {
        return type;
    }

    /**
     * The connection, opened (auto-commit on) when first asked for or when the last one broke.
     *
     * @return the open connection; the session closes it, not the caller
     * @throws SQLException when connecting fails
     */
    public synchronized Connection jdbc() throws SQLException {
        if (jdbc == null || jdbc.isClosed()) {
            jdbc = open(connection, type, type.getClass().getClassLoader());
        }
        return jdbc;
    }

    /**
     * A second connection to the same database, for locks that must outlive the first one's commits.
     *
     * @return the open lock connection; the session closes it, not the caller
     * @throws SQLException when connecting fails
     */
    public synchronized Connection lockConnection() throws SQLException {
        if (lockConnection == null || lockConnection.isClosed()) {
            lockConnection = open(connection, type, type.getClass().getClassLoader());
        }
        return lockConnection;
    }

    /**
     * Opens a connection with the drivers that the database module's class loader, the thread's
     * context class loader (the engine's plugin loader while handlers run) and this module's see,
     * then {@link DriverManager}: a driver shipped in a plugin jar is invisible to DriverManager.
     * Connecting is bounded by the connection's {@link DatabaseConnection#connectTimeout() connect
     * timeout} (through the type's driver properties), and every later wait for the server by its
     * {@link DatabaseConnection#readTimeout() read timeout} ({@link Connection#setNetworkTimeout}),
     * so a server that stops answering fails the step instead of hanging the deployment.
     *
     * @param connection the connection parts and credentials
     * @param type the database's type, for its driver properties
     * @param module the class loader of the database module, whose drivers are tried first
     * @return the open connection; the caller closes it
     * @throws SQLException when no driver accepts the URL or connecting fails
     */
    public static Connection open(DatabaseConnection connection, JdbcDatabaseType type, ClassLoader module)
            throws SQLException {
        Properties properties = new Properties();
        type.connectTimeout(properties, connection.connectTimeout());
        properties.putAll(connection.properties());
        if (connection.user() != null) {
            properties.setProperty("user", connection.user());
        }
        if (connection.password() != null) {
            properties.setProperty("password", connection.password());
        }
        Connection opened = connect(connection, properties, module);
        try {
            opened.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE,
                    connection.readTimeout().toMillis()));
        } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
            LOG.debug("the driver of {} cannot bound its reads: {}", connection.describe(), e.toString());
        }
        return opened;
    }

    private static Connection connect(DatabaseConnection connection, Properties properties, ClassLoader module)
            throws SQLException {
        for (ClassLoader loader : new ClassLoader[] {module, Thread.currentThread().getContextClassLoader(),
                JdbcSession.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            for (Driver driver : drivers(loader)) {
                if (driver.acceptsURL(connection.url())) {
                    Connection opened = driver.connect(connection.url(), properties);
                    if (opened != null) {
                        return opened;
                    }
                }
            }
        }
        return DriverManager.getConnection(connection.url(), properties);
    }

    /**
     * As {@link #open(DatabaseConnection, JdbcDatabaseType, ClassLoader)} for a database of no known type.
     *
     * @param connection the connection parts and credentials
     * @return the open connection; the caller closes it
     * @throws SQLException when no driver accepts the URL or connecting fails
     */
    public static Connection open(DatabaseConnection connection) throws SQLException {
        return open(connection, JdbcDatabaseType.generic(), JdbcSession.class.getClassLoader());
    }

    private static List<Driver> drivers(ClassLoader loader) {
        return DRIVERS.computeIfAbsent(loader, l -> {
            List<Driver> found = new ArrayList<>();
            ServiceLoader.load(Driver.class, l).forEach(found::add);
            return found;
        });
    }

    /**
     * Turns auto-commit back on after a unit of work, in a {@code finally}: on a connection the
     * failure broke (a server that stopped answering), it does nothing but log, so the failure of
     * the work is the one reported, and the session opens a new connection when next asked.
     *
     * @param connection the connection the work ran on
     */
    public static void restoreAutoCommit(Connection connection) {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.warn("a connection could not return to auto-commit and is dropped: {}", e.getMessage());
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is broken already
            }
        }
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
