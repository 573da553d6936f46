package dev.stagehand.steps.sql;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.jdbc.JdbcDatabaseType;
import dev.stagehand.jdbc.JdbcSession;
import dev.stagehand.steps.sql.jdbc.PatchTable;
import dev.stagehand.steps.sql.types.H2Type;
import dev.stagehand.steps.sql.types.PostgreSqlType;
import dev.stagehand.steps.sql.types.SqlServerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code RestoreDatabaseFromBackup}: restores the backup at {@code contentPath} (a package file)
 * or {@code backupPath} (a path as the database server sees it) into {@code targetDatabase}:
 * {@code RUNSCRIPT} on H2, {@code pg_restore} (archive formats) or {@code psql} (plain dumps)
 * on PostgreSQL, {@code RESTORE DATABASE} on SQL Server.
 *
 * <p>A database that holds tables is not overwritten unless the step says
 * {@code overwrite="true"}; then its objects are dropped first.
 */
@AutoService(StepHandler.class)
public final class RestoreDatabaseFromBackupStepHandler extends AbstractSqlStepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("RestoreDatabaseFromBackup");
    }

    /** The database it replaces. */
    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        return ScriptDeployment.logicalName(context.attributes().get("targetDatabase").orElse(null))
                .map(database -> List.of(PlannedChange.createsOrChanges(ChangeKind.DATABASE, database)))
                .orElse(List.of());
    }

    @Override
    protected void validateStep(StepContext context) throws Exception {
        String contentPath = context.attribute("contentPath").orElse("");
        if (!contentPath.isBlank()) {
            if (!context.content().exists(contentPath)) {
                context.problems().error("contentPath " + contentPath + " is not in the package");
            }
        } else if (context.attribute("backupPath").filter(v -> !v.isBlank()).isEmpty()) {
            context.problems().error("RestoreDatabaseFromBackup needs contentPath (a package file) or backupPath");
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        DatabaseConnection database = database(context);
        JdbcSession session = session(context);
        String contentPath = context.attribute("contentPath").filter(v -> !v.isBlank()).orElse(null);
        Path backup = contentPath != null ? context.content().resolve(contentPath)
                : Path.of(context.requiredAttribute("backupPath"));
        boolean overwrite = context.flag("overwrite", false);
        JdbcDatabaseType type = session.type();
        Connection c = session.jdbc();
        int tables = tableCount(c, type);
        if (tables > 0 && !overwrite) {
            throw new DeploymentException(database.describe() + " holds " + tables + " table(s); it is not"
                    + " overwritten unless the step says overwrite=\"true\"", context.location());
        }
        context.log().info("restoring {} into {}", backup.getFileName(), database.describe());
        // By the type's name, not its class: a module may replace a type with one of higher priority.
        switch (type.name()) {
            case H2Type.NAME -> restoreH2(c, backup, tables > 0);
            case PostgreSqlType.NAME -> restorePostgres(context, c, database, backup, tables > 0);
            case SqlServerType.NAME -> restoreSqlServer(database, contentPath == null ? context.requiredAttribute("backupPath")
                    : backup.toString(), overwrite);
            default -> throw new DeploymentException("RestoreDatabaseFromBackup does not know how to restore "
                    + database.describe(), context.location());
        }
        PatchTable.forget(context, session);
        context.detail("restored " + backup.getFileName() + " into " + database.describe());
    }

    private static int tableCount(Connection c, JdbcDatabaseType type) throws SQLException {
        String sql = type.name().equals(SqlServerType.NAME) ? "SELECT COUNT(*) FROM sys.tables"
                : type.name().equals(H2Type.NAME)
                ? "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema NOT IN"
                + " ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'";
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void restoreH2(Connection c, Path backup, boolean clear) throws SQLException {
        String name = backup.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String compression = name.endsWith(".zip") ? " COMPRESSION ZIP" : name.endsWith(".gz") ? " COMPRESSION GZIP" : "";
        try (Statement s = c.createStatement()) {
            if (clear) {
                s.execute("DROP ALL OBJECTS");
            }
            s.execute("RUNSCRIPT FROM '" + backup.toAbsolutePath().toString().replace("'", "''") + "'" + compression);
        }
    }

    private static void restorePostgres(StepContext context, Connection c, DatabaseConnection database, Path backup,
                                        boolean clear) throws Exception {
        if (clear) {
            List<String> schemas = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT nspname FROM pg_namespace"
                    + " WHERE pg_get_userbyid(nspowner) = current_user AND nspname NOT LIKE 'pg\\_%'"
                    + " AND nspname <> 'information_schema'")) {
                while (r.next()) {
                    schemas.add(r.getString(1));
                }
            }
            try (Statement s = c.createStatement()) {
                for (String schema : schemas) {
                    s.execute("DROP SCHEMA \"" + schema.replace("\"", "\"\"") + "\" CASCADE");
                }
                s.execute("CREATE SCHEMA IF NOT EXISTS public");
            }
        }
        Endpoint at = Endpoint.of(database);
        List<String> command = new ArrayList<>();
        if (isArchive(backup)) {
            command.addAll(List.of("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"));
        } else {
            command.addAll(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f"));
        }
        if (command.get(0).equals("psql")) {
            command.add(backup.toAbsolutePath().toString());
        }
        command.addAll(List.of("-h", at.host(), "-p", String.valueOf(at.port()), "-d", at.database()));
        if (database.user() != null) {
            command.addAll(List.of("-U", database.user()));
        }
        command.add("-w");
        if (command.get(0).equals("pg_restore")) {
            command.add(backup.toAbsolutePath().toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (database.password() != null) {
            builder.environment().put("PGPASSWORD", database.password());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DeploymentException(command.get(0) + " cannot be started (install the PostgreSQL client tools): "
                    + e.getMessage(), context.location(), e);
        }
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new DeploymentException(command.get(0) + " failed (exit " + exit + ") restoring "
                    + backup.getFileName() + ": " + context.variables().mask(output), context.location());
        }
    }

    /** pg_dump's custom and tar formats (and directory dumps) need pg_restore; plain SQL goes through psql. */
    private static boolean isArchive(Path backup) throws IOException {
        if (Files.isDirectory(backup)) {
            return true;
        }
        byte[] head = new byte[512];
        int read;
        try (InputStream in = Files.newInputStream(backup)) {
            read = in.readNBytes(head, 0, head.length);
        }
        String start = new String(head, 0, read, StandardCharsets.ISO_8859_1);
        return start.startsWith("PGDMP") || read >= 262 && start.startsWith("ustar", 257);
    }

    private static void restoreSqlServer(DatabaseConnection database, String backupPath, boolean overwrite)
            throws SQLException {
        String name = database.name() != null ? database.name() : Endpoint.of(database).database();
        DatabaseConnection master = database.withUrl(database.url().replaceAll("(?i)databaseName=[^;]*",
                "databaseName=master"), "master");
        try (Connection c = JdbcSession.open(master, new SqlServerType(),
                RestoreDatabaseFromBackupStepHandler.class.getClassLoader());
             Statement s = c.createStatement()) {
            s.execute("RESTORE DATABASE [" + name.replace("]", "]]") + "] FROM DISK = N'"
                    + backupPath.replace("'", "''") + "'" + (overwrite ? " WITH REPLACE" : ""));
        }
    }

    /** Host, port and database name, from the connection's parts or its URL. */
    private record Endpoint(String host, int port, String database) {
        static Endpoint of(DatabaseConnection c) {
            if (c.server() != null && c.name() != null) {
                return new Endpoint(c.server(), c.port() > 0 ? c.port() : 5432, c.name());
            }
            String url = c.url();
            int semicolon = url.indexOf(';');
            String rest = url.substring(url.indexOf(':') + 1);
            URI uri = URI.create(semicolon < 0 ? rest : rest.substring(0, semicolon - url.indexOf(':') - 1));
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            String db = path.isEmpty() ? url.replaceAll("(?i).*databaseName=([^;]*).*", "$1") : path;
            return new Endpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, db);
        }
    }
}
