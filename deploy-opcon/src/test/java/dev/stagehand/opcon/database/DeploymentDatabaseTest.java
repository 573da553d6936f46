package dev.stagehand.opcon.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.opcon.BatchScheduleServer;
import dev.stagehand.opcon.DeploymentKind;
import dev.stagehand.opcon.DeploymentStatus;
import dev.stagehand.opcon.ScheduledDeployment;
import dev.stagehand.opcon.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentDatabaseTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    private static DeploymentDatabase.NewDeployment deployment(String job, LocalDate day) {
        return new DeploymentDatabase.NewDeployment("Root@1.0.0", DeploymentKind.PACKAGE, "Root", "1.0.0", "local:",
                "{\"schemaVersion\":1}", "/srv/parameters.json",
                ZonedDateTime.parse("2026-12-01T02:00+01:00[Europe/Paris]"), "ops", "PROD", day, job);
    }

    private static void roundTrips(DatabaseSettings settings) {
        DeploymentDatabase database = DeploymentDatabase.open(settings, CLOCK);
        BatchScheduleServer server = new BatchScheduleServer("PROD", "opcon.example.com", 9011, 9010, true,
                Path.of("/etc/opcon/ca.pem"), null, null, ZoneId.of("America/New_York"));
        database.saveServer(server);
        database.saveServer(server);
        BatchScheduleServer moved = new BatchScheduleServer("PROD", "opcon2.example.com", 9011, 9443, true, null,
                Path.of("/etc/opcon/trust.p12"), "TRUST_PASSWORD", ZoneId.of("UTC"));
        database.saveServer(moved);

        ScheduledDeployment inserted = database.insert(deployment("DEPLOY_PACKAGE", LocalDate.of(2026, 12, 1)));

        assertEquals(List.of(moved), database.servers(), "saving a server again replaces its definition");
        assertEquals(DeploymentStatus.SCHEDULING, inserted.status());
        assertEquals(ZonedDateTime.parse("2026-12-01T02:00+01:00[Europe/Paris]"), inserted.scheduledAt(),
                "the time comes back in the zone it was asked in");
        assertEquals(LocalDate.of(2026, 12, 1), inserted.scheduleDate());
        assertEquals(CLOCK.instant(), inserted.createdAt());
        assertTrue(database.transition(inserted.id(), DeploymentStatus.SCHEDULING, DeploymentStatus.SCHEDULED, "ok"));
        assertFalse(database.transition(inserted.id(), DeploymentStatus.SCHEDULING, DeploymentStatus.FAILED, "late"),
                "a transition from a status the record left changes nothing");
        database.recordOpCon(inserted.id(), "20261201|BATCH_DEPLOY", "17");
        ScheduledDeployment read = database.find(inserted.id()).orElseThrow();
        assertEquals(DeploymentStatus.SCHEDULED, read.status());
        assertEquals("ok", read.message());
        assertEquals("20261201|BATCH_DEPLOY", read.dailyScheduleId());
        assertEquals("17", read.actionId());
        assertEquals(List.of(read), database.onDay("PROD", LocalDate.of(2026, 12, 1), "DEPLOY_PACKAGE",
                DeploymentStatus.SCHEDULED));
        assertEquals(List.of(), database.onDay("PROD", LocalDate.of(2026, 12, 2), "DEPLOY_PACKAGE",
                DeploymentStatus.SCHEDULED));
    }

    @Test
    void anEmbeddedH2FileGetsItsSchemaOnFirstUseAndKeepsItsRecords() throws Exception {
        DatabaseSettings settings = TestDatabases.h2(temp);

        roundTrips(settings);
        TestDatabases.shutDown(settings);
        DeploymentDatabase again = DeploymentDatabase.open(settings, CLOCK);

        assertEquals(1, again.deployments().size(), "opening it again migrates nothing and loses nothing");
        TestDatabases.shutDown(settings);
        try (Connection c = DriverManager.getConnection(settings.url(), "sa", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM \"" + DeploymentDatabase.HISTORY_TABLE
                     + "\" WHERE \"success\" = TRUE AND \"version\" = '1'")) {
            r.next();
            assertEquals(1, r.getInt(1), "Flyway recorded migration 1 once");
        }
    }

    @Test
    void postgreSqlInASchemaOfItsOwnWorksAsH2Does() throws Exception {
        DatabaseSettings settings = TestDatabases.postgres();
        try {
            roundTrips(settings);
            assertEquals(1, DeploymentDatabase.open(settings, CLOCK).deployments().size());
        } finally {
            TestDatabases.drop(settings);
        }
    }

    @Test
    void aStatusTheTableDoesNotKnowIsRefusedByTheDatabaseItself() throws Exception {
        DatabaseSettings settings = TestDatabases.h2(temp);
        DeploymentDatabase database = DeploymentDatabase.open(settings, CLOCK);
        long id = database.insert(deployment("DEPLOY_PACKAGE", LocalDate.of(2026, 12, 1))).id();

        try (Connection c = DriverManager.getConnection(settings.url(), "sa", "");
             Statement s = c.createStatement()) {
            assertThrows(java.sql.SQLException.class,
                    () -> s.executeUpdate("UPDATE stagehand_deployment SET status = 'Done' WHERE id = " + id));
        } finally {
            TestDatabases.shutDown(settings);
        }
    }

    @Test
    void anUnreachableDatabaseIsAnErrorNamingIt() {
        DatabaseSettings settings = new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/nowhere", "u", "p", null);

        DeploymentException e = assertThrows(DeploymentException.class, () -> DeploymentDatabase.open(settings, CLOCK));

        assertTrue(e.getMessage().startsWith("the deployment database jdbc:postgresql://127.0.0.1:1/nowhere cannot be"
                + " opened or migrated"), e.getMessage());
    }
}
