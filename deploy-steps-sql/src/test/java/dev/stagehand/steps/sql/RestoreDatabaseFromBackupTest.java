package dev.stagehand.steps.sql;

import static dev.stagehand.steps.sql.Deployments.errors;
import static dev.stagehand.steps.sql.Deployments.install;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreDatabaseFromBackupTest {

    /** The PostgreSQL database restores go into (services.sh creates it). */
    static String restoreUrl() {
        return TestDatabase.pgUrl().replaceFirst("/([^/?]+)(\\?|$)", "/stagehand_restore$2");
    }

    private static Map<String, String> restoreTarget(String file) {
        Map<String, String> p = new HashMap<>();
        p.put("Product.Database.Online.Url", restoreUrl());
        p.put("Product.Database.Online.User", TestDatabase.PG_USER);
        p.put("Product.Database.Online.Password", TestDatabase.PG_PASSWORD);
        p.put("Backup.File", file);
        return p;
    }

    private static List<String> restoredRows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.postgresAdmin(restoreUrl()); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT id, name FROM public.t_restored ORDER BY id")) {
            while (r.next()) {
                rows.add(r.getInt(1) + "|" + r.getString(2));
            }
        }
        return rows;
    }

    @BeforeEach
    void emptyTheRestoreDatabase() throws Exception {
        try (Connection c = TestDatabase.postgresAdmin(restoreUrl()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
    }

    @Test
    void h2RunsTheBackupScriptIntoAnEmptyDatabase() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            Map<String, String> parameters = new HashMap<>(db.parameters("Online"));
            parameters.put("Backup.File", "h2.sql");

            DeploymentResult result = install("restore-keep", "Db", parameters);

            assertTrue(result.succeeded(), result.problems()::toString);
            assertEquals(List.of("1|from backup"), db.rows("SELECT Id, Name FROM T_Restored"));
        }
    }

    @Test
    void aDatabaseWithDataIsNotOverwrittenUnlessTheStepSaysSo() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            db.execute("CREATE TABLE T_Precious (Id INT)", "INSERT INTO T_Precious VALUES (7)");
            Map<String, String> parameters = new HashMap<>(db.parameters("Online"));
            parameters.put("Backup.File", "h2.sql");

            DeploymentResult refused = install("restore-keep", "Db", parameters);

            assertFalse(refused.succeeded());
            assertTrue(errors(refused).get(0).contains("database Online (H2") && errors(refused).get(0).contains(
                    "holds 1 table(s); it is not overwritten unless the step says overwrite=\"true\""), errors(refused)::toString);
            assertEquals(List.of("7"), db.rows("SELECT Id FROM T_Precious"));

            DeploymentResult overwritten = install("restore-overwrite", "Db", parameters);

            assertTrue(overwritten.succeeded(), overwritten.problems()::toString);
            assertFalse(db.tableExists("T_Precious"));
            assertEquals(List.of("1|from backup"), db.rows("SELECT Id, Name FROM T_Restored"));
        }
    }

    @Test
    void postgresRestoresAPlainDumpWithPsql() throws Exception {
        DeploymentResult result = install("restore-keep", "Db", restoreTarget("postgres.sql"));

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals(List.of("1|from backup", "2|second row"), restoredRows());
    }

    @Test
    void postgresRestoresACustomFormatDumpWithPgRestoreOverExistingDataWhenAllowed(@TempDir Path packages)
            throws Exception {
        assertTrue(install("restore-keep", "Db", restoreTarget("postgres.sql")).succeeded());
        Path copy = packages.resolve("Db.1.0.0");
        PathUtils.copyDirectory(Deployments.fixture("restore-overwrite/Db.1.0.0"), copy);
        ProcessBuilder dump = new ProcessBuilder("pg_dump", "-Fc", "-h", "localhost", "-U", TestDatabase.PG_USER, "-w",
                "-f", copy.resolve("Backups/custom.dump").toString(), "stagehand_restore").redirectErrorStream(true)
                .redirectOutput(packages.resolve("pg_dump.log").toFile());
        dump.environment().put("PGPASSWORD", TestDatabase.PG_PASSWORD);
        assertEquals(0, dump.start().waitFor(), () -> read(packages.resolve("pg_dump.log")));
        try (Connection c = TestDatabase.postgresAdmin(restoreUrl()); Statement s = c.createStatement()) {
            s.execute("DELETE FROM public.t_restored WHERE id = 2");
        }

        DeploymentResult result = install(packages.toString(), "Db", restoreTarget("custom.dump"));

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals(List.of("1|from backup", "2|second row"), restoredRows());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
