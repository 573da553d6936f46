package dev.stagehand.opcon.database;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.opcon.BatchScheduleServer;
import dev.stagehand.opcon.DeploymentKind;
import dev.stagehand.opcon.DeploymentStatus;
import dev.stagehand.opcon.ScheduledDeployment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment database: the Deployment records and the BatchScheduleServer definitions, over JDBC. Opening
 * it creates or migrates its schema with Flyway (history in {@value #HISTORY_TABLE}), so a new release's tables
 * arrive by a new migration, never by a hand-written version check. A connection per operation: the records are
 * few and the commands short-lived.
 */
public final class DeploymentDatabase {

    /** Flyway's history table, named apart from any other application's in the same schema. */
    public static final String HISTORY_TABLE = "stagehand_opcon_schema_history";
    private static final String MIGRATIONS = "classpath:dev/stagehand/opcon/database/migration";
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentDatabase.class);

    private static final String COLUMNS = "id, name, kind, package_id, version, target, saved_plan, parameters_file,"
            + " scheduled_at, scheduled_zone, status, requested_by, created_at, updated_at, server_name, schedule_date,"
            + " daily_schedule_id, job_name, action_id, message";

    private final DatabaseSettings settings;
    private final Clock clock;

    private DeploymentDatabase(DatabaseSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The database of {@code settings}, its schema created or migrated to this release's.
     *
     * @throws DeploymentException naming the database when it cannot be reached or migrated
     */
    public static DeploymentDatabase open(DatabaseSettings settings, Clock clock) {
        var configuration = Flyway.configure(DeploymentDatabase.class.getClassLoader())
                .dataSource(settings.url(), settings.user(), settings.password())
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                // A schema that holds other tables already (the application's own) gets ours beside them.
                .baselineOnMigrate(true)
                .baselineVersion("0");
        if (settings.schema() != null) {
            configuration.schemas(settings.schema()).defaultSchema(settings.schema());
        }
        try {
            var result = configuration.load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("deployment database {}: migrated to version {}", settings.url(), result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            LOG.debug("migration failed", e);
            throw new DeploymentException("the deployment database " + settings.url() + " cannot be opened or"
                    + " migrated: " + firstLine(e.getMessage()), Location.UNKNOWN, e);
        }
        return new DeploymentDatabase(settings, clock);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }

    /** The settings it was opened with (the password is left out of their text). */
    public DatabaseSettings settings() {
        return settings;
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        if (settings.schema() != null) {
            connection.setSchema(settings.schema());
        }
        return connection;
    }

    private DeploymentException failure(String what, SQLException e) {
        LOG.debug("{} failed", what, e);
        return new DeploymentException(what + " in the deployment database " + settings.url() + " failed: "
                + e.getMessage(), Location.UNKNOWN, e);
    }

    // ---- BatchScheduleServer

    /** Adds or replaces the definition of {@code server.name()}. */
    public void saveServer(BatchScheduleServer server) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE stagehand_batch_schedule_server SET"
                    + " server_address = ?, server_port = ?, api_port = ?, using_tls = ?, ca_file = ?, trust_store = ?,"
                    + " trust_store_password_env = ?, time_zone = ?, updated_at = ? WHERE name = ?")) {
                bindServer(update, server, 1);
                update.setString(10, server.name());
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO stagehand_batch_schedule_server"
                            + " (server_address, server_port, api_port, using_tls, ca_file, trust_store,"
                            + " trust_store_password_env, time_zone, updated_at, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        bindServer(insert, server, 1);
                        insert.setString(10, server.name());
                        insert.executeUpdate();
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw failure("saving the server " + server.name(), e);
        }
    }

    private void bindServer(PreparedStatement s, BatchScheduleServer server, int first) throws SQLException {
        s.setString(first, server.address());
        s.setInt(first + 1, server.serverPort());
        s.setInt(first + 2, server.apiPort());
        s.setBoolean(first + 3, server.usingTls());
        s.setString(first + 4, server.caFile() == null ? null : server.caFile().toString());
        s.setString(first + 5, server.trustStore() == null ? null : server.trustStore().toString());
        s.setString(first + 6, server.trustStorePasswordEnv());
        s.setString(first + 7, server.timeZone().getId());
        s.setObject(first + 8, now());
    }

    /** The definition named {@code name} (case as stored). */
    public Optional<BatchScheduleServer> server(String name) {
        return servers("WHERE name = ?", name).stream().findFirst();
    }

    /** Every definition, by name. */
    public List<BatchScheduleServer> servers() {
        return servers("", null);
    }

    private List<BatchScheduleServer> servers(String where, String name) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT name, server_address,"
                + " server_port, api_port, using_tls, ca_file, trust_store, trust_store_password_env, time_zone"
                + " FROM stagehand_batch_schedule_server " + where + " ORDER BY name")) {
            if (name != null) {
                s.setString(1, name);
            }
            List<BatchScheduleServer> servers = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    servers.add(new BatchScheduleServer(r.getString(1), r.getString(2), r.getInt(3), r.getInt(4),
                            r.getBoolean(5), path(r.getString(6)), path(r.getString(7)), r.getString(8),
                            ZoneId.of(r.getString(9))));
                }
            }
            return servers;
        } catch (SQLException e) {
            throw failure("reading the server definitions", e);
        }
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    // ---- Deployment

    /** What a new Deployment record holds; the database gives its id and times. */
    public record NewDeployment(String name, DeploymentKind kind, String packageId, String version, String target,
                                String savedPlan, String parametersFile, ZonedDateTime scheduledAt,
                                String requestedBy, String serverName, LocalDate scheduleDate, String jobName) {
    }

    /** Inserts a record with the status {@link DeploymentStatus#SCHEDULING}; returns it with its id. */
    public ScheduledDeployment insert(NewDeployment d) {
        OffsetDateTime now = now();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO stagehand_deployment"
                + " (name, kind, package_id, version, target, saved_plan, parameters_file, scheduled_at, scheduled_zone,"
                + " status, requested_by, created_at, updated_at, server_name, schedule_date, job_name)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            s.setString(1, d.name());
            s.setString(2, kindText(d.kind()));
            s.setString(3, d.packageId());
            s.setString(4, d.version());
            s.setString(5, d.target());
            s.setString(6, d.savedPlan());
            s.setString(7, d.parametersFile());
            s.setObject(8, d.scheduledAt().toOffsetDateTime());
            s.setString(9, d.scheduledAt().getZone().getId());
            s.setString(10, DeploymentStatus.SCHEDULING.text());
            s.setString(11, d.requestedBy());
            s.setObject(12, now);
            s.setObject(13, now);
            s.setString(14, d.serverName());
            s.setObject(15, d.scheduleDate(), Types.DATE);
            s.setString(16, d.jobName());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return find(keys.getLong(1)).orElseThrow();
            }
        } catch (SQLException e) {
            throw failure("recording the deployment", e);
        }
    }

    private static String kindText(DeploymentKind kind) {
        return kind == DeploymentKind.PACKAGE ? "Package" : "Schedule";
    }

    /** The record {@code id}. */
    public Optional<ScheduledDeployment> find(long id) {
        return deployments("WHERE id = ?", s -> s.setLong(1, id)).stream().findFirst();
    }

    /** Every record, the latest scheduled time first. */
    public List<ScheduledDeployment> deployments() {
        return deployments("", s -> { });
    }

    /** The records of {@code status} whose job is {@code jobName} in the daily of {@code date} on {@code server}. */
    public List<ScheduledDeployment> onDay(String server, LocalDate date, String jobName, DeploymentStatus status) {
        return deployments("WHERE server_name = ? AND schedule_date = ? AND job_name = ? AND status = ?", s -> {
            s.setString(1, server);
            s.setObject(2, date, Types.DATE);
            s.setString(3, jobName);
            s.setString(4, status.text());
        });
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<ScheduledDeployment> deployments(String where, Binder binder) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM stagehand_deployment " + where + " ORDER BY scheduled_at DESC, id DESC")) {
            binder.bind(s);
            List<ScheduledDeployment> all = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    all.add(deployment(r));
                }
            }
            return all;
        } catch (SQLException e) {
            throw failure("reading the deployments", e);
        }
    }

    private static ScheduledDeployment deployment(ResultSet r) throws SQLException {
        ZoneId zone = ZoneId.of(r.getString("scheduled_zone"));
        return new ScheduledDeployment(r.getLong("id"), r.getString("name"),
                "Package".equals(r.getString("kind")) ? DeploymentKind.PACKAGE : DeploymentKind.SCHEDULE,
                r.getString("package_id"), r.getString("version"), r.getString("target"), r.getString("saved_plan"),
                r.getString("parameters_file"),
                r.getObject("scheduled_at", OffsetDateTime.class).atZoneSameInstant(zone),
                DeploymentStatus.of(r.getString("status")), r.getString("requested_by"),
                r.getObject("created_at", OffsetDateTime.class).toInstant(),
                r.getObject("updated_at", OffsetDateTime.class).toInstant(), r.getString("server_name"),
                r.getObject("schedule_date", LocalDate.class), r.getString("daily_schedule_id"),
                r.getString("job_name"), r.getString("action_id"), r.getString("message"));
    }

    /**
     * Moves record {@code id} from {@code from} to {@code to} with {@code message}, in one statement, so that
     * two runs of one job cannot both start it.
     *
     * @return false when the record is not (or no longer) {@code from}
     */
    public boolean transition(long id, DeploymentStatus from, DeploymentStatus to, String message) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("UPDATE stagehand_deployment"
                + " SET status = ?, message = ?, updated_at = ? WHERE id = ? AND status = ?")) {
            s.setString(1, to.text());
            s.setString(2, clip(message));
            s.setObject(3, now());
            s.setLong(4, id);
            s.setString(5, from.text());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("changing deployment " + id + " to " + to, e);
        }
    }

    /** Records what OpCon gave for record {@code id}: its daily schedule and the action that added the job. */
    public void recordOpCon(long id, String dailyScheduleId, String actionId) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("UPDATE stagehand_deployment"
                + " SET daily_schedule_id = ?, action_id = ?, updated_at = ? WHERE id = ?")) {
            s.setString(1, dailyScheduleId);
            s.setString(2, actionId);
            s.setObject(3, now());
            s.setLong(4, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("recording OpCon's references of deployment " + id, e);
        }
    }

    private static String clip(String message) {
        return message == null || message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }

    private OffsetDateTime now() {
        return Instant.now(clock).atOffset(ZoneOffset.UTC);
    }
}
