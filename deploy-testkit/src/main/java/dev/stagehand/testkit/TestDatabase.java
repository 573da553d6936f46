package dev.stagehand.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A private database for one test: a fresh schema of the PostgreSQL the test command starts
 * ({@code STAGEHAND_PG_URL}, default {@value #DEFAULT_PG_URL}; role and password
 * {@value #PG_USER}), dropped when closed, or a fresh in-memory H2, shut down when closed. Tests of
 * several modules share that PostgreSQL at once, so each gets a schema of its own. The drivers come
 * from the test's class path.
 */
public final class TestDatabase implements AutoCloseable {

    /** Where the test PostgreSQL is unless {@code STAGEHAND_PG_URL} says otherwise. */
    public static final String DEFAULT_PG_URL = "jdbc:postgresql://localhost:5432/stagehand";
    /** The test PostgreSQL's role, which owns its database. */
    public static final String PG_USER = "stagehand";
    /** The test PostgreSQL role's password. */
    public static final String PG_PASSWORD = "stagehand";

    /** Which database a test gets. */
    public enum Kind {
        /** A schema of the test PostgreSQL. */
        POSTGRES,
        /** An in-memory H2 database. */
        H2
    }

    /** Which database this is. */
    public final Kind kind;
    /** Its JDBC URL (a PostgreSQL one names the schema as {@code currentSchema}). */
    public final String url;
    /** The user to connect as. */
    public final String user;
    /** That user's password. */
    public final String password;
    private final String schema;
    private final Connection keepAlive;

    private TestDatabase(Kind kind, String url, String user, String password, String schema) throws SQLException {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
        // An in-memory H2 lives as long as a connection to it; for PostgreSQL it proves the schema works.
        this.keepAlive = DriverManager.getConnection(url, user, password);
    }

    /**
     * A new, empty database of that kind.
     *
     * @param kind PostgreSQL or H2
     * @return the database, to be closed by the test
     * @throws SQLException when it cannot be made
     * @throws IllegalStateException when the test PostgreSQL is not reachable: a failed test, not a skipped one
     */
    public static TestDatabase create(Kind kind) throws SQLException {
        String id = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (kind == Kind.H2) {
            return new TestDatabase(kind, "jdbc:h2:mem:" + id + ";DB_CLOSE_DELAY=-1", "sa", "", null);
        }
        try (Connection c = postgresAdmin(pgUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + id);
        }
        String base = pgUrl();
        return new TestDatabase(kind, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + id, PG_USER,
                PG_PASSWORD, id);
    }

    /**
     * The URL of the test PostgreSQL's database.
     *
     * @return {@code STAGEHAND_PG_URL}, or {@value #DEFAULT_PG_URL}
     */
    public static String pgUrl() {
        String url = System.getenv("STAGEHAND_PG_URL");
        return url == null || url.isBlank() ? DEFAULT_PG_URL : url;
    }

    /**
     * A connection to the test PostgreSQL as its owning role.
     *
     * @param url the database's URL
     * @return the open connection
     * @throws IllegalStateException saying how to start PostgreSQL when it is not reachable
     */
    public static Connection postgresAdmin(String url) {
        try {
            return DriverManager.getConnection(url, PG_USER, PG_PASSWORD);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + url + " (" + e.getMessage() + "): run"
                    + " scripts/test.sh, which installs and starts it (or scripts/services.sh alone)", e);
        }
    }

    /**
     * The variables that make this database a logical database of a deployment.
     *
     * @param name the logical name ({@code Online}, {@code Ods}, ...)
     * @return {@code Product.Database.<name>.Url}, {@code .User} and {@code .Password}
     */
    public Map<String, String> parameters(String name) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Product.Database." + name + ".Url", url);
        p.put("Product.Database." + name + ".User", user);
        p.put("Product.Database." + name + ".Password", password);
        return p;
    }

    /**
     * A new connection, for the test to close.
     *
     * @return the open connection
     * @throws SQLException when the database refuses it
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /**
     * Runs statements in order, each committed.
     *
     * @param sql the statements
     * @throws SQLException at the first that fails
     */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /**
     * Every row of a query.
     *
     * @param sql the query
     * @return each row's columns as text joined by {@code |}, in the query's order
     * @throws SQLException when the query fails
     */
    public List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    /**
     * The bytes of the first column of a query's rows.
     *
     * @param sql the query
     * @return one array per row, in the query's order
     * @throws SQLException when the query fails
     */
    public List<byte[]> bytes(String sql) throws SQLException {
        List<byte[]> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(r.getBytes(1));
            }
        }
        return out;
    }

    /**
     * The sessions open on an H2 database, to compare before and after a deployment (H2 knows them
     * at once; PostgreSQL only eventually).
     *
     * @return how many connections are open, the counting query's own left out
     * @throws SQLException when the count cannot be read
     * @throws IllegalStateException on PostgreSQL
     */
    public int openSessions() throws SQLException {
        if (kind != Kind.H2) {
            throw new IllegalStateException("sessions are counted on H2 only");
        }
        // The query's own connection is one of them.
        return Integer.parseInt(rows("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS").get(0)) - 1;
    }

    /**
     * Whether a table exists in this database.
     *
     * @param table its name
     * @return true when a query of it works
     */
    public boolean tableExists(String table) {
        try {
            rows("SELECT 1 FROM " + table + " WHERE 1 = 0");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Shuts the H2 database down, or drops the PostgreSQL schema with everything in it. */
    @Override
    public void close() throws SQLException {
        if (kind == Kind.H2) {
            try (Statement s = keepAlive.createStatement()) {
                s.execute("SHUTDOWN");
            }
        } else {
            keepAlive.close();
            try (Connection c = postgresAdmin(pgUrl()); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** The kind, as parameterised tests name their cases. */
    @Override
    public String toString() {
        return kind.name();
    }
}
