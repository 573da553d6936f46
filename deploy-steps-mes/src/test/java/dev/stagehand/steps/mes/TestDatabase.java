package dev.stagehand.steps.mes;

import static org.junit.jupiter.api.Assertions.fail;

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
 * A private Online database for one test, as deploy-steps-sql's tests make theirs: a fresh schema
 * of the PostgreSQL the test command starts (STAGEHAND_PG_URL, default {@value #DEFAULT_PG_URL}),
 * or a fresh in-memory H2. Other engineers' tests share the PostgreSQL: every test has its own schema.
 */
public final class TestDatabase implements AutoCloseable {

    static final String DEFAULT_PG_URL = "jdbc:postgresql://localhost:5432/stagehand";
    static final String PG_USER = "stagehand";
    static final String PG_PASSWORD = "stagehand";

    public enum Kind { POSTGRES, H2 }

    public final Kind kind;
    public final String url;
    public final String user;
    public final String password;
    private final String schema;
    private final Connection keepAlive;

    private TestDatabase(Kind kind, String url, String user, String password, String schema) throws SQLException {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
        this.keepAlive = DriverManager.getConnection(url, user, password);
    }

    public static TestDatabase create(Kind kind) throws SQLException {
        String id = "mes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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

    static String pgUrl() {
        String url = System.getenv("STAGEHAND_PG_URL");
        return url == null || url.isBlank() ? DEFAULT_PG_URL : url;
    }

    /** A connection to the test PostgreSQL; a failed test, not a skipped one, when it is not running. */
    static Connection postgresAdmin(String url) {
        try {
            return DriverManager.getConnection(url, PG_USER, PG_PASSWORD);
        } catch (SQLException e) {
            return fail("PostgreSQL is not reachable at " + url + " (" + e.getMessage() + "): run scripts/test.sh,"
                    + " which installs and starts it (or scripts/services.sh alone)");
        }
    }

    /** The parameters that make this database the Online database. */
    Map<String, String> online() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Product.Database.Online.Url", url);
        p.put("Product.Database.Online.User", user);
        p.put("Product.Database.Online.Password", password);
        return p;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** Every row of a query, columns joined by {@code |}. */
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

    /** The bytes of one column of the rows of a query, in order. */
    List<byte[]> bytes(String sql) throws SQLException {
        List<byte[]> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(r.getBytes(1));
            }
        }
        return out;
    }

    boolean tableExists(String table) {
        try {
            rows("SELECT 1 FROM " + table + " WHERE 1 = 0");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

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

    @Override
    public String toString() {
        return kind.name();
    }
}
