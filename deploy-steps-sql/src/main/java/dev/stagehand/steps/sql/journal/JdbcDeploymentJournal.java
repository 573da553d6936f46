package dev.stagehand.steps.sql.journal;

import dev.stagehand.api.JournalException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.jdbc.JdbcDatabaseType;
import dev.stagehand.jdbc.JdbcSession;
import dev.stagehand.jdbc.LeaseLock;
import dev.stagehand.steps.sql.types.SqlTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link DeploymentJournal} in three tables of a database, created when missing (and given the
 * columns later versions added): {@code T_StagehandInstalled}, {@code T_StagehandDeployments}
 * and {@code T_StagehandSteps}. Works on PostgreSQL, SQL Server and H2. One connection, used by
 * one deployment at a time. Step rows of installed versions that changed something are kept
 * (marked installed) for the installed version and the one before it. Its lock is a row of the
 * same database ({@link LeaseLock}), so deployers on different machines that share the journal
 * deploy one at a time.
 *
 * <pre>{@code
 * Stagehand.configure().journal(JdbcDeploymentJournal.open("jdbc:postgresql://db/deploy", "deploy", secret))
 * }</pre>
 */
public final class JdbcDeploymentJournal implements DeploymentJournal, AutoCloseable {

    static final String INSTALLED = "T_StagehandInstalled";
    static final String DEPLOYMENTS = "T_StagehandDeployments";
    static final String STEPS = "T_StagehandSteps";

    private static final String STEP_COLUMNS = "PackageId, Version, StepIndex, StepType, Stage, CompletedAt,"
            + " DeploymentId, Changes, Target, Fingerprint";

    private final DatabaseConnection database;
    private final JdbcDatabaseType dialect;
    /** Opens the connection on first use and again when it broke. */
    private final JdbcSession session;

    private JdbcDeploymentJournal(DatabaseConnection database) {
        this.database = database;
        this.dialect = SqlTypes.forUrl(database.url());
        this.session = new JdbcSession(database, dialect);
    }

    /** Opens the journal in the database at {@code url}, creating its tables when missing. */
    public static JdbcDeploymentJournal open(String url, String user, String password) {
        JdbcDeploymentJournal journal = new JdbcDeploymentJournal(DatabaseConnection.ofUrl("Journal", null, url, user,
                password));
        journal.call(c -> {
            journal.createTables(c);
            return null;
        });
        return journal;
    }

    private void createTables(Connection c) throws SQLException {
        String ts = dialect.timestampType();
        dialect.createTableIfMissing(c, INSTALLED, "PackageKey VARCHAR(255) NOT NULL PRIMARY KEY,"
                + " PackageId VARCHAR(255) NOT NULL, Version VARCHAR(100) NOT NULL, InstalledAt " + ts + " NOT NULL,"
                + " DeploymentId VARCHAR(100), Dependencies VARCHAR(4000)");
        dialect.createTableIfMissing(c, DEPLOYMENTS, "Id VARCHAR(100) NOT NULL PRIMARY KEY, Root VARCHAR(400),"
                + " UserName VARCHAR(255), Started " + ts + " NOT NULL, Finished " + ts + ", Outcome VARCHAR(20)"
                + " NOT NULL, Summary VARCHAR(4000)");
        dialect.createTableIfMissing(c, STEPS, "PackageKey VARCHAR(255) NOT NULL, PackageId VARCHAR(255) NOT NULL,"
                + " Version VARCHAR(100) NOT NULL, StepIndex INT NOT NULL, StepType VARCHAR(255), Stage VARCHAR(20)"
                + " NOT NULL, Target VARCHAR(255) NOT NULL, CompletedAt " + ts + " NOT NULL, DeploymentId VARCHAR(100), Changes "
                + dialect.textType() + ", Fingerprint VARCHAR(64), Installed INT DEFAULT 0 NOT NULL");
        // Tables made by earlier versions lack the columns added since.
        addColumnIfMissing(c, STEPS, "Target", "VARCHAR(255) DEFAULT 'local' NOT NULL");
        addColumnIfMissing(c, STEPS, "Fingerprint", "VARCHAR(64)");
        addColumnIfMissing(c, STEPS, "Installed", "INT DEFAULT 0 NOT NULL");
        addColumnIfMissing(c, INSTALLED, "Dependencies", "VARCHAR(4000)");
    }

    private void addColumnIfMissing(Connection c, String table, String column, String definition) throws SQLException {
        if (!dialect.columnExists(c, table, column)) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ALTER TABLE " + table + " ADD " + column + " " + definition);
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private synchronized <T> T call(Work<T> work) {
        try {
            return work.run(session.jdbc());
        } catch (SQLException e) {
            throw new JournalException("the journal database cannot be used: " + e.getMessage(),
                    Location.ofFile(database.maskedUrl()), e);
        }
    }

    private static String key(String packageId) {
        return packageId.toLowerCase(Locale.ROOT);
    }

    @Override
    public List<InstalledPackage> installedPackages() {
        return call(c -> {
            List<InstalledPackage> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT PackageId, Version, InstalledAt, DeploymentId,"
                    + " Dependencies FROM " + INSTALLED + " ORDER BY InstalledAt, PackageKey");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String dependencies = r.getString(5);
                    out.add(new InstalledPackage(r.getString(1), r.getString(2), instant(r.getTimestamp(3)),
                            r.getString(4), dependencies == null || dependencies.isEmpty() ? List.of()
                            : List.of(dependencies.split(" "))));
                }
            }
            return out;
        });
    }

    @Override
    public List<DeploymentRecord> deployments() {
        return call(c -> {
            List<DeploymentRecord> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT Id, Root, UserName, Started, Finished, Outcome,"
                    + " Summary FROM " + DEPLOYMENTS + " ORDER BY Started DESC, Id DESC"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new DeploymentRecord(r.getString(1), r.getString(2), r.getString(3),
                            instant(r.getTimestamp(4)), instant(r.getTimestamp(5)),
                            DeploymentOutcome.valueOf(r.getString(6)), r.getString(7)));
                }
            }
            return out;
        });
    }

    @Override
    public void deploymentStarted(DeploymentRecord record) {
        call(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + DEPLOYMENTS
                    + " (Id, Root, UserName, Started, Finished, Outcome, Summary) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, record.id());
                s.setString(2, record.root());
                s.setString(3, record.user());
                s.setTimestamp(4, timestamp(record.started()));
                s.setTimestamp(5, timestamp(record.finished()));
                s.setString(6, record.outcome().name());
                s.setString(7, record.summary());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void deploymentFinished(DeploymentRecord record) {
        call(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + DEPLOYMENTS
                    + " SET Finished = ?, Outcome = ?, Summary = ? WHERE Id = ?")) {
                s.setTimestamp(1, timestamp(record.finished()));
                s.setString(2, record.outcome().name());
                s.setString(3, record.summary());
                s.setString(4, record.id());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void stepCompleted(StepRecord record) {
        call(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + STEPS + " (PackageKey, PackageId, Version,"
                    + " StepIndex, StepType, Stage, CompletedAt, DeploymentId, Changes, Target, Fingerprint, Installed)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
                s.setString(1, key(record.packageId()));
                s.setString(2, record.packageId());
                s.setString(3, record.version());
                s.setInt(4, record.stepIndex());
                s.setString(5, record.stepType());
                s.setString(6, record.stage().name());
                s.setTimestamp(7, timestamp(record.completedAt()));
                s.setString(8, record.deploymentId());
                s.setString(9, record.changes().isEmpty() ? null : encode(record.changes()));
                s.setString(10, record.target());
                s.setString(11, record.fingerprint());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<StepRecord> completedStep(String packageId, String version, int stepIndex, PipelineStage stage,
                                              String target) {
        return call(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + STEP_COLUMNS + " FROM " + STEPS
                    + " WHERE PackageKey = ? AND Version = ? AND StepIndex = ? AND Stage = ? AND Target = ?"
                    + " AND Installed = 0 ORDER BY CompletedAt DESC")) {
                s.setString(1, key(packageId));
                s.setString(2, version);
                s.setInt(3, stepIndex);
                s.setString(4, stage.name());
                s.setString(5, target);
                List<StepRecord> found = records(s);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** The step records of a package version not yet installed, oldest first (what a resumed run will skip). */
    public List<StepRecord> pendingSteps(String packageId, String version) {
        return call(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + STEP_COLUMNS + " FROM " + STEPS
                    + " WHERE PackageKey = ? AND Version = ? AND Installed = 0 ORDER BY CompletedAt, StepIndex")) {
                s.setString(1, key(packageId));
                s.setString(2, version);
                return records(s);
            }
        });
    }

    @Override
    public List<StepRecord> recordedChanges(String packageId) {
        return call(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + STEP_COLUMNS + " FROM " + STEPS
                    + " WHERE PackageKey = ? AND Installed = 1 ORDER BY CompletedAt, StepIndex")) {
                s.setString(1, key(packageId));
                return records(s);
            }
        });
    }

    private static List<StepRecord> records(PreparedStatement s) throws SQLException {
        List<StepRecord> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new StepRecord(r.getString(1), r.getString(2), r.getInt(3), r.getString(4),
                        PipelineStage.valueOf(r.getString(5)), r.getString(9), instant(r.getTimestamp(6)),
                        r.getString(7), decode(r.getString(8)), r.getString(10)));
            }
        }
        return out;
    }

    @Override
    public void packageInstalled(InstalledPackage installed) {
        String previous = installed(installed.packageId()).map(InstalledPackage::version).orElse(null);
        call(c -> {
            c.setAutoCommit(false);
            try {
                replaceInstalled(c, installed);
                keepChanges(c, installed, previous);
                c.commit();
                return null;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /**
     * The package's row and its step rows go; with {@code restored}, that version's row comes back
     * with its kept change rows. The version each package replaced is not kept here (no rollback
     * of an upgrade with this journal; uninstall and {@code --on-error rollback} work).
     */
    @Override
    public void packageRemoved(String packageId, InstalledPackage restored) {
        call(c -> {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + INSTALLED + " WHERE PackageKey = ?")) {
                    s.setString(1, key(packageId));
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + STEPS + " WHERE PackageKey = ?"
                        + (restored == null ? "" : " AND NOT (Installed = 1 AND Version = ?)"))) {
                    s.setString(1, key(packageId));
                    if (restored != null) {
                        s.setString(2, restored.version());
                    }
                    s.executeUpdate();
                }
                if (restored != null) {
                    replaceInstalled(c, restored);
                }
                c.commit();
                return null;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public void stepsUndone(String deploymentId) {
        call(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + STEPS + " WHERE DeploymentId = ?"
                    + " AND Installed = 0")) {
                s.setString(1, deploymentId);
                return s.executeUpdate();
            }
        });
    }

    private static void replaceInstalled(Connection c, InstalledPackage installed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + INSTALLED + " WHERE PackageKey = ?")) {
            s.setString(1, key(installed.packageId()));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + INSTALLED
                + " (PackageKey, PackageId, Version, InstalledAt, DeploymentId, Dependencies) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, key(installed.packageId()));
            s.setString(2, installed.packageId());
            s.setString(3, installed.version());
            s.setTimestamp(4, timestamp(installed.installedAt()));
            s.setString(5, installed.deploymentId());
            // Package ids hold no spaces: one space between them.
            s.setString(6, String.join(" ", installed.dependencies()));
            s.executeUpdate();
        }
    }

    /**
     * The version's rows stop counting as completed work; those with changes are kept as the
     * installed version's, and those of versions before the one it replaces are dropped.
     */
    private static void keepChanges(Connection c, InstalledPackage installed, String previous) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + STEPS + " WHERE PackageKey = ? AND Installed = 1"
                + " AND Version <> ? AND Version <> ?")) {
            s.setString(1, key(installed.packageId()));
            s.setString(2, installed.version());
            s.setString(3, previous == null ? installed.version() : previous);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + STEPS + " WHERE PackageKey = ? AND Version = ?"
                + " AND (Installed = 1 OR Changes IS NULL)")) {
            s.setString(1, key(installed.packageId()));
            s.setString(2, installed.version());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE " + STEPS + " SET Installed = 1 WHERE PackageKey = ?"
                + " AND Version = ? AND Installed = 0")) {
            s.setString(1, key(installed.packageId()));
            s.setString(2, installed.version());
            s.executeUpdate();
        }
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    /** One change a line, fields separated by tabs; backslash escapes tab, newline and itself. */
    static String encode(List<ChangeRecord> changes) {
        StringBuilder out = new StringBuilder();
        for (ChangeRecord change : changes) {
            out.append(escape(change.kind())).append('\t').append(escape(change.target())).append('\t')
                    .append(escape(change.detail())).append('\n');
        }
        return out.toString();
    }

    static List<ChangeRecord> decode(String text) {
        List<ChangeRecord> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            out.add(new ChangeRecord(unescape(fields[0]), unescape(fields.length > 1 ? fields[1] : ""),
                    unescape(fields.length > 2 ? fields[2] : "")));
        }
        return out;
    }

    private static String escape(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A lock row in the journal's database, on a connection of its own, held for the deployment. */
    @Override
    public Optional<JournalLock> lock(LockRequest request) throws InterruptedException {
        return Optional.of(LeaseLock.acquire(new JdbcSession(database, dialect), "journal", request,
                database.maskedUrl()));
    }

    @Override
    public synchronized void close() {
        // Nothing is pending: every write commits at once.
        session.close();
    }
}
