package dev.stagehand.opcon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.opcon.client.OpConClient;
import dev.stagehand.opcon.client.OpConCredentials;
import dev.stagehand.opcon.database.DatabaseSettings;
import dev.stagehand.opcon.database.DeploymentDatabase;
import dev.stagehand.opcon.testing.OpConTestServer;
import dev.stagehand.opcon.testing.TestCertificates;
import dev.stagehand.opcon.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class BatchSchedulerTest {

    /** The scheduling happens the day before the deployment. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
    private static final ZonedDateTime AT = ZonedDateTime.parse("2026-12-01T02:00+01:00");
    private static final String APP_SECRET = "app-Secret-value-4471";
    private static final OpConClient.Polling FAST = new OpConClient.Polling(Duration.ofMillis(5), 20);
    private static final OpConCredentials.User OPS = new OpConCredentials.User(OpConTestServer.USER,
            OpConTestServer.PASSWORD);

    @TempDir
    Path temp;

    private TestCertificates ca;
    private OpConTestServer opcon;
    private DatabaseSettings settings;
    private DeploymentDatabase database;
    private BatchScheduler scheduler;
    private Path source;
    private Path parameters;
    private final List<DatabaseSettings> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        ca = TestCertificates.authority("Internal OpCon CA");
        opcon = OpConTestServer.start(ca);
        source = temp.resolve("source");
        PathUtils.copyDirectory(Path.of("src/test/resources/source"), source);
        parameters = temp.resolve("parameters.json");
        Files.writeString(parameters, "{\"Product.InstallationPath\": \"" + slashes(temp.resolve("install"))
                + "\", \"Product.SystemName\": \"MES\", \"App.Password\": \"" + APP_SECRET + "\"}");
        open(TestDatabases.h2(temp), ZoneId.of("Europe/Lisbon"));
    }

    private void open(DatabaseSettings databaseSettings, ZoneId serverZone) throws IOException {
        settings = databaseSettings;
        if (settings.url().startsWith("jdbc:h2:")) {
            opened.add(settings);
        }
        database = DeploymentDatabase.open(settings, CLOCK);
        database.saveServer(new BatchScheduleServer("PROD", "127.0.0.1", 9011, opcon.port(), true,
                ca.writePem(temp.resolve("opcon-ca.pem")), null, null, serverZone));
        scheduler = new BatchScheduler(database, Map.of(), CLOCK, FAST);
    }

    @AfterEach
    void tearDown() throws Exception {
        opcon.close();
        for (DatabaseSettings h2 : opened) {
            TestDatabases.shutDown(h2);
        }
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    private Stagehand stagehand() throws IOException {
        return Stagehand.configure().sources(source).parameters(dev.stagehand.core.Parameters.read(parameters))
                .stateDirectory(temp.resolve("state")).environment(Map.of()).load();
    }

    private ScheduledDeployment schedule(String root, ZonedDateTime at, boolean buildMissing) throws IOException {
        try (Stagehand stagehand = stagehand()) {
            return scheduler.schedule(new BatchScheduler.ScheduleRequest("PROD", at, RootRequest.parse(root),
                    parameters, buildMissing), stagehand, OPS);
        }
    }

    private SchedulingException refused(String root, ZonedDateTime at, boolean buildMissing) {
        return assertThrows(SchedulingException.class, () -> schedule(root, at, buildMissing));
    }

    private BatchScheduler.RunResult run(long id, boolean replan, List<DeploymentStatus> seen) throws Exception {
        return scheduler.runScheduled(id, saved -> BatchScheduler.configuration(Stagehand.configure()
                .environment(Map.of()).listener(event -> {
                    if (event instanceof DeploymentEvent.DeploymentStarted) {
                        seen.add(database.find(id).orElseThrow().status());
                    }
                }), saved, null).load(), InstallOptions.DEFAULTS, replan);
    }

    @Test
    void schedulingAPackageAddsItsJobToTheDailyAndRecordsItScheduled() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);

        assertEquals(DeploymentStatus.SCHEDULED, record.status());
        assertEquals(DeploymentKind.PACKAGE, record.kind());
        assertEquals("DEPLOY_PACKAGE", record.jobName());
        assertEquals("Root@1.0.0", record.coordinates());
        assertEquals(AT, record.scheduledAt().toOffsetDateTime().atZoneSameInstant(AT.getZone()));
        assertEquals(LocalDate.of(2026, 12, 1), record.scheduleDate());
        assertEquals("20261201|BATCH_DEPLOY", record.dailyScheduleId());
        assertEquals("17", record.actionId());
        assertEquals("ops", record.requestedBy());
        assertEquals("DEPLOY_PACKAGE added to BATCH_DEPLOY of 2026-12-01 on PROD (schedule action 17)",
                record.message());
        assertEquals(parameters.toAbsolutePath().normalize().toString(), record.parametersFile());
        assertEquals(List.of("GET /api/version", "POST /api/tokens",
                "GET /api/dailyschedules?name=BATCH_DEPLOY&dates=2026-12-01", "POST /api/scheduleactions",
                "GET /api/scheduleactions/17", "DELETE /api/tokens"), opcon.requestLines());
        JsonNode action = opcon.requests().get(3).json();
        assertEquals("{\"action\":\"addJobs\",\"reason\":\"Stagehand deployment " + record.id() + ": Root@1.0.0 at"
                + " 2026-12-01T01:00Z[Europe/Lisbon]\",\"scheduleActionItems\":[{\"id\":\"20261201|BATCH_DEPLOY\","
                + "\"jobs\":[{\"id\":\"DEPLOY_PACKAGE\",\"frequency\":\"OnRequest\",\"instanceProperties\":["
                + "{\"name\":\"DEPLOYMENT_ID\",\"value\":\"" + record.id() + "\"},"
                + "{\"name\":\"START_TIME\",\"value\":\"2026-12-01T01:00:00.0000000+00:00\"}],\"applyExceptions\":true}]}]}",
                action.toString());
        assertEquals(1, opcon.jobs().size());
    }

    @Test
    void aRootThatOnlyDeploysPackagesIsScheduledAsAScheduleJob() throws Exception {
        ScheduledDeployment record = schedule("System", AT, false);

        assertEquals(DeploymentKind.SCHEDULE, record.kind());
        assertEquals("DEPLOY_SCHEDULE", opcon.jobs().get(0).name());
    }

    @Test
    void theDailyScheduleIsTheOneOfTheServersCalendarDate() throws Exception {
        open(TestDatabases.h2(temp.resolve("ny")), ZoneId.of("America/New_York"));

        ScheduledDeployment record = schedule("Root", AT, false);

        assertEquals(LocalDate.of(2026, 11, 30), record.scheduleDate(), "02:00 in Paris is 20:00 the day before in"
                + " New York");
        assertTrue(opcon.requestLines().contains("GET /api/dailyschedules?name=BATCH_DEPLOY&dates=2026-11-30"));
        assertEquals("2026-11-30T20:00:00.0000000-05:00", opcon.jobs().get(0).properties().get("START_TIME"));
    }

    @Test
    void aTokenThatExpiresMidwayIsRenewedAndTheSchedulingGoesOn() throws Exception {
        opcon.failNext("POST", "/api/scheduleactions", 401, 1002, "Invalid token specified");

        ScheduledDeployment record = schedule("Root", AT, false);

        assertEquals(DeploymentStatus.SCHEDULED, record.status());
        assertEquals(List.of("GET /api/version", "POST /api/tokens",
                "GET /api/dailyschedules?name=BATCH_DEPLOY&dates=2026-12-01", "POST /api/scheduleactions",
                "POST /api/tokens", "POST /api/scheduleactions", "GET /api/scheduleactions/17", "DELETE /api/tokens"),
                opcon.requestLines());
        assertEquals("Token user-token-2", opcon.requests().get(5).authorization());
    }

    @Test
    void aMissingDailyScheduleIsBuiltWhenAskedThenTheJobAdded() throws Exception {
        opcon.notBuilt(LocalDate.of(2026, 12, 1));

        ScheduledDeployment record = schedule("Root", AT, true);

        assertEquals(DeploymentStatus.SCHEDULED, record.status());
        assertEquals(List.of("GET /api/version", "POST /api/tokens",
                "GET /api/dailyschedules?name=BATCH_DEPLOY&dates=2026-12-01", "POST /api/schedulebuilds",
                "GET /api/schedulebuilds/build-2026-12-01",
                "GET /api/dailyschedules?name=BATCH_DEPLOY&dates=2026-12-01", "POST /api/scheduleactions",
                "GET /api/scheduleactions/17", "DELETE /api/tokens"), opcon.requestLines());
    }

    @Test
    void aMissingDailyScheduleWithoutBuildMissingIsRefusedAndTheRecordFailed() throws Exception {
        opcon.notBuilt(LocalDate.of(2026, 12, 1));

        SchedulingException e = refused("Root", AT, false);

        assertTrue(e.getMessage().contains("BATCH_DEPLOY is not in OpCon's daily for 2026-12-01: build it (deploy"
                + " schedule --build-missing"), e.getMessage());
        ScheduledDeployment record = e.record().orElseThrow();
        assertEquals(DeploymentStatus.FAILED, database.find(record.id()).orElseThrow().status());
        assertEquals(e.getMessage(), database.find(record.id()).orElseThrow().message());
        assertFalse(opcon.requestLines().contains("POST /api/scheduleactions"));
        assertFalse(opcon.requestLines().contains("POST /api/schedulebuilds"));
    }

    @Test
    void opConRefusingTheJobIsShownInItsOwnWordsAndTheRecordIsNotScheduled() throws Exception {
        opcon.refuseJobs("Job DEPLOY_PACKAGE is not defined in schedule BATCH_DEPLOY");

        SchedulingException e = refused("Root", AT, false);

        assertTrue(e.getMessage().contains("OpCon refused adding DEPLOY_PACKAGE to the daily schedule"
                + " 20261201|BATCH_DEPLOY: DEPLOY_PACKAGE: Job DEPLOY_PACKAGE is not defined in schedule BATCH_DEPLOY"),
                e.getMessage());
        List<ScheduledDeployment> all = database.deployments();
        assertEquals(1, all.size());
        assertEquals(DeploymentStatus.FAILED, all.get(0).status());
        assertTrue(all.get(0).message().contains("Job DEPLOY_PACKAGE is not defined"), all.get(0).message());
        assertTrue(opcon.requestLines().contains("DELETE /api/tokens"), "the session is closed after a refusal");
    }

    @Test
    void anUntrustedCertificateFailsTheSchedulingSayingWhatToConfigure() throws Exception {
        database.saveServer(new BatchScheduleServer("PROD", "127.0.0.1", 9011, opcon.port(), true,
                TestCertificates.authority("Another CA").writePem(temp.resolve("other.pem")), null, null,
                ZoneId.of("UTC")));

        SchedulingException e = refused("Root", AT, false);

        assertTrue(e.getMessage().contains("cannot be verified"), e.getMessage());
        assertTrue(e.getMessage().contains("--ca-file"), e.getMessage());
        assertEquals(DeploymentStatus.FAILED, e.record().orElseThrow().status());
        assertEquals(List.of(), opcon.requests());
    }

    @Test
    void aTimeThatIsNotInTheFutureIsRefusedBeforeAnythingIsRecordedOrSent() {
        SchedulingException e = refused("Root", ZonedDateTime.parse("2026-11-30T09:59+00:00"), false);

        assertTrue(e.getMessage().startsWith("the deployment time 2026-11-30T09:59Z is not in the future"),
                e.getMessage());
        assertEquals(List.of(), database.deployments());
        assertEquals(List.of(), opcon.requests());
    }

    @Test
    void aDeploymentThatCannotBePlannedIsRefusedBeforeOpConIsCalled() {
        SchedulingException e = refused("Missing", AT, false);

        assertTrue(e.getMessage().startsWith("no plan for Missing, so nothing was scheduled"), e.getMessage());
        assertEquals(List.of(), database.deployments());
        assertEquals(List.of(), opcon.requests());
    }

    @Test
    void anUnknownServerIsRefusedNamingTheCommandThatDefinesIt() {
        SchedulingException e = assertThrows(SchedulingException.class, () -> {
            try (Stagehand stagehand = stagehand()) {
                scheduler.schedule(new BatchScheduler.ScheduleRequest("TEST", AT, RootRequest.parse("Root"), parameters,
                        false), stagehand, OPS);
            }
        });

        assertTrue(e.getMessage().contains("no BatchScheduleServer named TEST"), e.getMessage());
        assertTrue(e.getMessage().contains("deploy server set --name TEST"), e.getMessage());
    }

    @Test
    void aSecondDeploymentOfTheSameJobOnTheSameDayIsRefusedClearly() throws Exception {
        ScheduledDeployment first = schedule("Root", AT, false);
        int sent = opcon.requests().size();

        SchedulingException e = refused("Root", AT.plusHours(3), false);

        assertTrue(e.getMessage().contains("OpCon cannot hold two DEPLOY_PACKAGE jobs in BATCH_DEPLOY of 2026-12-01:"
                + " deployment " + first.id() + " (Root@1.0.0) is Scheduled then; cancel it (deploy cancel --id " + first.id()
                + ")"), e.getMessage());
        assertEquals(sent, opcon.requests().size(), "OpCon was not asked");
    }

    @Test
    void aJobOpConStillHoldsForTheDayIsRefusedInOpConsOwnWords() throws Exception {
        ScheduledDeployment first = schedule("Root", AT, false);
        scheduler.cancel(first.id(), null);

        SchedulingException e = refused("Root", AT.plusHours(1), false);

        assertTrue(e.getMessage().contains("Job DEPLOY_PACKAGE already exists in the daily schedule and is Waiting"),
                e.getMessage());
        assertEquals(DeploymentStatus.FAILED, e.record().orElseThrow().status());
        assertEquals(1, opcon.jobs().size());
    }

    @Test
    void thePasswordsAreInNoLogLineAndNowhereInTheDatabase() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level level = root.getLevel();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        ScheduledDeployment record;
        try {
            opcon.failNext("GET", "/api/dailyschedules", 401, 1002, "Invalid token specified");
            record = schedule("Root", AT, false);
            run(record.id(), false, new ArrayList<>());
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }

        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage() + " " + (e.getThrowableProxy() == null
                ? "" : e.getThrowableProxy().getMessage())).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("OpCon POST /api/tokens -> 201")), "debug lines were on");
        for (String secret : List.of(OpConTestServer.PASSWORD, "user-token-1", "user-token-2", APP_SECRET)) {
            assertTrue(lines.stream().noneMatch(l -> l.contains(secret)), secret + " is logged");
        }
        database.find(record.id()).orElseThrow();
        try (Connection c = DriverManager.getConnection(settings.url(), "sa", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM stagehand_deployment")) {
            StringBuilder everything = new StringBuilder();
            while (r.next()) {
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    everything.append(r.getString(i)).append('\n');
                }
            }
            assertTrue(everything.toString().contains("Root"), "the rows were read");
            assertFalse(everything.toString().contains(OpConTestServer.PASSWORD));
            assertFalse(everything.toString().contains(APP_SECRET));
        }
        TestDatabases.shutDown(settings);
        try (Stream<Path> files = Files.list(temp)) {
            List<Path> written = files.filter(f -> f.getFileName().toString().startsWith("deployments")).toList();
            assertFalse(written.isEmpty(), "the database file was found");
            for (Path file : written) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(OpConTestServer.PASSWORD), file + " holds the OpCon password");
                assertFalse(bytes.contains(APP_SECRET), file + " holds the package's password");
                assertTrue(bytes.contains("DEPLOY_PACKAGE"), file + " holds the record in readable form");
            }
        }
    }

    @Test
    void runningAScheduledDeploymentMovesItThroughDeployingToDeployed() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);
        List<DeploymentStatus> seen = Collections.synchronizedList(new ArrayList<>());

        BatchScheduler.RunResult run = run(record.id(), false, seen);

        assertEquals(List.of(DeploymentStatus.DEPLOYING), seen, "the record said Deploying while it ran");
        assertTrue(run.succeeded());
        assertEquals(DeploymentStatus.DEPLOYED, database.find(record.id()).orElseThrow().status());
        assertEquals(run.result().summary(), database.find(record.id()).orElseThrow().message());
        assertEquals("name=MES\npassword=" + APP_SECRET + "\n",
                Files.readString(temp.resolve("install/app/bin/app.properties")), "the secret was read again");
    }

    @Test
    void aDeploymentThatFailsLeavesTheRecordFailedWithTheSummary() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);
        Files.createDirectories(temp.resolve("install"));
        Files.writeString(temp.resolve("install/app"), "a file where the package's folder must go");
        List<DeploymentStatus> seen = new ArrayList<>();

        BatchScheduler.RunResult run = run(record.id(), false, seen);

        assertFalse(run.succeeded());
        ScheduledDeployment after = database.find(record.id()).orElseThrow();
        assertEquals(DeploymentStatus.FAILED, after.status());
        assertEquals(run.result().summary(), after.message());
        assertEquals(List.of(DeploymentStatus.DEPLOYING), seen);
    }

    @Test
    void aManifestChangedSinceSchedulingRefusesTheSavedPlanAndFailsTheRecord() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);
        Path manifest = source.resolve("App.1.0.0/manifest.xml");
        Files.writeString(manifest, Files.readString(manifest).replace("<steps>",
                "<description>changed after approval</description>\n  <steps>"));

        BatchScheduler.RunResult run = run(record.id(), false, new ArrayList<>());

        assertFalse(run.succeeded());
        assertNull(run.result());
        ScheduledDeployment after = database.find(record.id()).orElseThrow();
        assertEquals(DeploymentStatus.FAILED, after.status());
        assertTrue(after.message().contains("was made from inputs that have changed since: the packages or their"
                + " manifests"), after.message());
        assertFalse(Files.exists(temp.resolve("install/app")), "nothing was deployed");
    }

    @Test
    void replanDeploysWhatTheChangedManifestsSayInstead() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);
        Path manifest = source.resolve("App.1.0.0/manifest.xml");
        Files.writeString(manifest, Files.readString(manifest).replace("<steps>",
                "<description>changed after approval</description>\n  <steps>"));

        BatchScheduler.RunResult run = run(record.id(), true, new ArrayList<>());

        assertTrue(run.succeeded(), () -> run.record().message());
        assertTrue(Files.exists(temp.resolve("install/app/bin/app.properties")));
    }

    @Test
    void onlyAScheduledRecordRuns() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);
        scheduler.cancel(record.id(), null);

        DeploymentException e = assertThrows(DeploymentException.class, () -> run(record.id(), false,
                new ArrayList<>()));

        assertEquals("deployment " + record.id() + " is Cancelled, not Scheduled: nothing was run", e.getMessage());
        assertEquals(DeploymentStatus.CANCELLED, database.find(record.id()).orElseThrow().status());
        assertFalse(Files.exists(temp.resolve("install")));
    }

    @Test
    void cancellingWithCredentialsAsksOpConToSkipTheJob() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);

        BatchScheduler.CancelResult cancelled = scheduler.cancel(record.id(), OPS);

        assertEquals(List.of(), cancelled.notes());
        assertEquals(DeploymentStatus.CANCELLED, cancelled.record().status());
        assertTrue(opcon.jobs().get(0).skipped(), "OpCon skips the job");
        List<String> lines = opcon.requestLines();
        assertEquals(List.of("POST /api/tokens", "GET /api/dailyjobs?scheduleIds=20261201|BATCH_DEPLOY",
                "POST /api/jobactions", "DELETE /api/tokens"), lines.subList(6, lines.size()));
        assertEquals("{\"action\":\"skip\",\"reason\":\"Stagehand deployment " + record.id() + " cancelled\","
                + "\"jobs\":[{\"id\":\"20261201|BATCH_DEPLOY|DEPLOY_PACKAGE|1\"}]}",
                opcon.requests().get(8).body());
    }

    @Test
    void cancellingWithoutCredentialsSaysOpConWasNotAsked() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);

        BatchScheduler.CancelResult cancelled = scheduler.cancel(record.id(), null);

        assertEquals(DeploymentStatus.CANCELLED, cancelled.record().status());
        assertEquals(1, cancelled.notes().size());
        assertTrue(cancelled.notes().get(0).contains("finds the deployment Cancelled and deploys nothing"));
        assertFalse(opcon.jobs().get(0).skipped());
    }

    @Test
    void aCancellationOpConRefusesIsCancelledAllTheSameAndSaysWhatFailed() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);
        opcon.failNext("POST", "/api/jobactions", 403, 1403, "User ops may not skip jobs of BATCH_DEPLOY");

        BatchScheduler.CancelResult cancelled = scheduler.cancel(record.id(), OPS);

        assertEquals(DeploymentStatus.CANCELLED, cancelled.record().status());
        assertTrue(cancelled.notes().get(0).contains("User ops may not skip jobs of BATCH_DEPLOY"),
                cancelled.notes().toString());
    }

    @Test
    void aCancelledRecordCannotBeCancelledAgain() throws Exception {
        ScheduledDeployment record = schedule("Root", AT, false);
        scheduler.cancel(record.id(), null);

        DeploymentException e = assertThrows(DeploymentException.class, () -> scheduler.cancel(record.id(), null));

        assertTrue(e.getMessage().contains("is Cancelled, not Scheduled"), e.getMessage());
    }

    @Test
    void postgreSqlAsTheDeploymentDatabaseSchedulesAndRunsAsH2Does() throws Exception {
        DatabaseSettings postgres = TestDatabases.postgres();
        try {
            open(postgres, ZoneId.of("Europe/Lisbon"));
            ScheduledDeployment record = schedule("Root", AT, false);
            assertEquals(DeploymentStatus.SCHEDULED, record.status());

            BatchScheduler.RunResult run = run(record.id(), false, new ArrayList<>());

            assertTrue(run.succeeded(), () -> run.record().message());
            assertEquals(DeploymentStatus.DEPLOYED, DeploymentDatabase.open(postgres, CLOCK).find(record.id())
                    .orElseThrow().status());
        } finally {
            TestDatabases.drop(postgres);
        }
    }
}
