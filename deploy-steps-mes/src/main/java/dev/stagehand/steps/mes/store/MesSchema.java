package dev.stagehand.steps.mes.store;

import dev.stagehand.jdbc.JdbcDatabaseType;
import dev.stagehand.jdbc.JdbcSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module's tables and their migrations, applied in version order on first use and recorded in
 * {@value #VERSIONS}. Each migration writes portable DDL whose types come from the database's
 * {@link JdbcDatabaseType} (text, bytes, timestamps differ between PostgreSQL, SQL Server and H2);
 * deployers migrating at once take turns under the database lock, and each creation forgives a
 * table that appeared meanwhile, so a migration that ran halfway runs again to its end.
 */
public final class MesSchema {

    public static final String VERSIONS = "T_MesSchemaVersion";
    public static final String INTEGRATION_ENTRIES = "T_MesIntegrationEntry";
    public static final String CONFIGURATION = "T_MesConfiguration";
    public static final String LICENSE = "T_MesLicense";
    public static final String ENTITY_TYPE_OPERATIONS = "T_MesEntityTypeOperations";
    public static final String SERVICES = "T_MesServices";

    /** The database lock every deployer migrating the schema takes. */
    static final String LOCK = "Stagehand.MesSchema";
    private static final Logger LOG = LoggerFactory.getLogger(MesSchema.class);

    /** One step of the schema's history. */
    interface Migration {
        int version();

        String description();

        void apply(Connection c, JdbcDatabaseType type) throws SQLException;
    }

    private record Tables(int version, String description) implements Migration {
        @Override
        public void apply(Connection c, JdbcDatabaseType t) throws SQLException {
            String text = t.textType();
            String at = t.timestampType();
            t.createTableIfMissing(c, INTEGRATION_ENTRIES, "Id VARCHAR(36) NOT NULL PRIMARY KEY,"
                    + " Name VARCHAR(400) NOT NULL, MessageType VARCHAR(255) NOT NULL, Content " + t.binaryType()
                    + " NOT NULL, Batch VARCHAR(36) NOT NULL, PackageId VARCHAR(255) NOT NULL,"
                    + " PackageVersion VARCHAR(100) NOT NULL, StepIndex INT NOT NULL, Attributes " + text + " NOT NULL,"
                    + " Status VARCHAR(20) NOT NULL, ErrorMessage " + text + ", CreatedAt " + at + " NOT NULL,"
                    + " ProcessedAt " + at + ", CreatedByDeployment VARCHAR(100) NOT NULL");
            t.createTableIfMissing(c, CONFIGURATION, "EntryPath VARCHAR(400) NOT NULL PRIMARY KEY,"
                    + " EntryValue " + text + ", ValueType VARCHAR(50) NOT NULL, PreviousValue " + text + ","
                    + " ChangedAt " + at + " NOT NULL, ChangedByDeployment VARCHAR(100) NOT NULL");
            t.createTableIfMissing(c, LICENSE, "LicenseId VARCHAR(50) NOT NULL PRIMARY KEY,"
                    + " LicenseRawData " + text + " NOT NULL, InstalledAt " + at + " NOT NULL,"
                    + " InstalledByDeployment VARCHAR(100) NOT NULL");
            t.createTableIfMissing(c, ENTITY_TYPE_OPERATIONS, "EntityTypeName VARCHAR(400) NOT NULL PRIMARY KEY,"
                    + " ConfiguredAt " + at + " NOT NULL, ConfiguredByDeployment VARCHAR(100) NOT NULL");
            t.createTableIfMissing(c, SERVICES, "AssemblyName VARCHAR(400) NOT NULL PRIMARY KEY,"
                    + " ConfiguredAt " + at + " NOT NULL, ConfiguredByDeployment VARCHAR(100) NOT NULL");
        }
    }

    /** Every migration, oldest first; a later schema change is a new entry here, never an edit of one. */
    static final List<Migration> MIGRATIONS = List.of(
            new Tables(1, "integration entries, configuration, license, entity-type operations, services"));

    private MesSchema() {
    }

    /** The latest version this module writes. */
    public static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /**
     * Brings the schema of the session's database to the latest version: creates the version table
     * when missing, then applies, under the database lock, each migration not recorded yet.
     *
     * @return the versions this call applied
     */
    public static List<Integer> migrate(JdbcSession session) throws SQLException {
        JdbcDatabaseType type = session.type();
        Connection c = session.jdbc();
        c.setAutoCommit(true);
        type.createTableIfMissing(c, VERSIONS, "Version INT NOT NULL PRIMARY KEY, Description VARCHAR(255) NOT NULL,"
                + " AppliedAt " + type.timestampType() + " NOT NULL");
        if (applied(c).contains(latestVersion())) {
            return List.of();
        }
        try (JdbcDatabaseType.Lock lock = type.lock(session, false, LOCK)) {
            // Read again under the lock: another deployer may have migrated meanwhile.
            Set<Integer> done = applied(c);
            List<Integer> now = new java.util.ArrayList<>();
            for (Migration m : MIGRATIONS) {
                if (done.contains(m.version())) {
                    continue;
                }
                m.apply(c, type);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + VERSIONS
                        + " (Version, Description, AppliedAt) VALUES (?, ?, ?)")) {
                    s.setInt(1, m.version());
                    s.setString(2, m.description());
                    s.setTimestamp(3, Timestamp.from(Instant.now()));
                    s.executeUpdate();
                }
                LOG.info("MES schema of {} migrated to version {}: {}", session.connection().describe(), m.version(),
                        m.description());
                now.add(m.version());
            }
            return now;
        }
    }

    /** The versions recorded as applied. */
    static Set<Integer> applied(Connection c) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT Version FROM " + VERSIONS)) {
            while (r.next()) {
                versions.add(r.getInt(1));
            }
        }
        return versions;
    }
}
