package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.opcon.testing.OpConTestServer;
import dev.stagehand.opcon.testing.TestCertificates;
import dev.stagehand.opcon.testing.TestDatabases;
import dev.stagehand.opcon.database.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch deployment commands against the HTTPS test double of the OpCon API. */
class BatchDeployCommandsTest {

    private static final String SOURCE = "src/test/resources/install/source";
    private static final String APP_SECRET = "hunter2-secret";
    /** Tomorrow at 02:00 in Lisbon: always in the future, whenever the test runs. */
    private static final ZonedDateTime TOMORROW = LocalDate.now(java.time.ZoneId.of("Europe/Lisbon")).plusDays(1)
            .atTime(2, 0).atZone(java.time.ZoneId.of("Europe/Lisbon"));

    @TempDir
    Path temp;

    private TestCertificates ca;
    private OpConTestServer opcon;
    private Path config;
    private Path parameters;
    private final Map<String, String> variables = new HashMap<>(Map.of("OPCON_PASSWORD", OpConTestServer.PASSWORD));

    @BeforeEach
    void setUp() throws Exception {
        ca = TestCertificates.authority("Internal OpCon CA");
        opcon = OpConTestServer.start(ca);
        config = temp.resolve("config.ini");
        // Kept open in this JVM (DB_CLOSE_DELAY): H2 opening its file takes longer than the statements.
        Files.writeString(config, "; the OpCon Deploy database\n[database]\nurl = jdbc:h2:file:"
                + LocalTargets.slashes(temp.resolve("deployments")) + ";DB_CLOSE_DELAY=-1\nuser = sa\npassword =\n");
        parameters = temp.resolve("parameters.json");
        Files.writeString(parameters, "{\"Product.InstallationPath\": \"" + LocalTargets.slashes(temp.resolve("install"))
                + "\", \"Product.SystemName\": \"MES\", \"App.Password\": \"" + APP_SECRET + "\"}");
    }

    @AfterEach
    void tearDown() throws Exception {
        opcon.close();
        if (Files.readString(config).contains("jdbc:h2:")) {
            TestDatabases.shutDown(new DatabaseSettings(Files.readString(config).lines()
                    .filter(l -> l.startsWith("url = ")).findFirst().orElseThrow().substring(6), "sa", "", null));
        }
    }


    private CliRun deploy(String... args) {
        return CliRun.in(new CommandEnvironment(null, variables), args);
    }

    private CliRun defineServer() throws Exception {
        return deploy("server", "set", "--name", "PROD", "--address", "127.0.0.1", "--api-port",
                String.valueOf(opcon.port()), "--ca-file", ca.writePem(temp.resolve("ca.pem")).toString(),
                "--time-zone", "Europe/Lisbon", "--config", config.toString());
    }

    private CliRun schedule(String at, String... extra) {
        List<String> args = new ArrayList<>(List.of("schedule", "--server", "PROD", "--at", at, "--source", SOURCE,
                "--root", "Root", "--parameters", parameters.toString(), "--state", temp.resolve("state").toString(),
                "--config", config.toString()));
        args.addAll(List.of(extra));
        if (!args.contains("--token-env")) {
            args.addAll(List.of("--user", OpConTestServer.USER, "--password-env", "OPCON_PASSWORD"));
        }
        return deploy(args.toArray(String[]::new));
    }

    private JsonNode deployments() throws Exception {
        CliRun list = deploy("deployments", "--json", "--config", config.toString());
        assertEquals(0, list.exitCode(), list.out() + list.err());
        return new ObjectMapper().readTree(list.out()).get("deployments");
    }

    private static void assertNoSecret(CliRun run) {
        for (String secret : List.of(OpConTestServer.PASSWORD, APP_SECRET, "user-token-1")) {
            assertFalse(run.out().contains(secret), run.out());
            assertFalse(run.err().contains(secret), run.err());
        }
    }

    @Test
    void serverSetStoresTheDefinitionAndServerShowPrintsItWithTlsOn() throws Exception {
        CliRun set = defineServer();
        CliRun show = deploy("server", "show", "--config", config.toString());
        CliRun json = deploy("server", "show", "--json", "--config", config.toString());

        assertEquals(0, set.exitCode(), set.out() + set.err());
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().contains("server address  127.0.0.1"), show.out());
        assertTrue(show.out().contains("server port     9011  (stored as the seed asks; the client does not use it)"),
                show.out());
        assertTrue(show.out().contains("API port        " + opcon.port()), show.out());
        assertTrue(show.out().contains("using TLS       yes"), show.out());
        assertTrue(show.out().contains("time zone       Europe/Lisbon"), show.out());
        JsonNode server = new ObjectMapper().readTree(json.out()).get("servers").get(0);
        assertEquals("PROD", server.get("name").asText());
        assertEquals(9011, server.get("serverPort").asInt());
        assertTrue(server.get("usingTls").asBoolean());
    }

    @Test
    void serverSetRefusesAnAddressWithASchemeAsBadUsage() {
        CliRun run = deploy("server", "set", "--name", "PROD", "--address", "https://opcon:9010", "--config",
                config.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("is not a host name"), run.err());
    }

    @Test
    void scheduleInjectsTheJobRecordsItScheduledAndSaysSo() throws Exception {
        defineServer();

        CliRun run = schedule(TOMORROW.toOffsetDateTime().toString());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("Deployment 1 scheduled: Root@1.0.0 will be deployed at "), run.out());
        assertTrue(run.out().contains("by OpCon's DEPLOY_PACKAGE job in BATCH_DEPLOY of " + TOMORROW.toLocalDate()
                + " on PROD."), run.out());
        assertNoSecret(run);
        assertEquals(List.of("GET /api/version", "POST /api/tokens",
                "GET /api/dailyschedules?name=BATCH_DEPLOY&dates=" + TOMORROW.toLocalDate(), "POST /api/scheduleactions",
                "GET /api/scheduleactions/17", "DELETE /api/tokens"), opcon.requestLines());
        JsonNode record = deployments().get(0);
        assertEquals("Scheduled", record.get("status").asText());
        assertEquals("ops", record.get("requestedBy").asText());
        assertEquals("1", opcon.jobs().get(0).properties().get("DEPLOYMENT_ID"));
        assertFalse(Files.exists(temp.resolve("install")), "nothing is deployed until the job runs");
    }

    @Test
    void anApplicationTokenFromTheEnvironmentSchedulesWithoutALogin() throws Exception {
        defineServer();
        variables.put("OPCON_TOKEN", OpConTestServer.APPLICATION_TOKEN);

        CliRun run = schedule(TOMORROW.toString(), "--token-env", "OPCON_TOKEN");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertFalse(opcon.requestLines().contains("POST /api/tokens"));
        assertFalse(run.out().contains(OpConTestServer.APPLICATION_TOKEN));
    }

    @Test
    void aTimeWithoutAnOffsetOrZoneIsBadUsageAndNothingIsSent() throws Exception {
        defineServer();

        CliRun run = schedule("2026-12-01T02:00");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--at 2026-12-01T02:00 has no offset or zone"), run.err());
        assertEquals(List.of(), opcon.requests());
    }

    @Test
    void atTakesAnOffsetOrARegionAndGivesTheSameInstantEitherWay() {
        picocli.CommandLine line = new picocli.CommandLine(picocli.CommandLine.Model.CommandSpec.create());

        assertEquals(ZonedDateTime.parse("2026-12-01T02:00+01:00"), ScheduleCommand.parseAt(line,
                "2026-12-01T02:00+01:00"));
        assertEquals(ZonedDateTime.parse("2026-12-01T02:00Z[Europe/Lisbon]"), ScheduleCommand.parseAt(line,
                "2026-12-01T02:00[Europe/Lisbon]"));
        assertEquals(ZonedDateTime.parse("2026-07-01T02:00+01:00[Europe/Lisbon]"), ScheduleCommand.parseAt(line,
                "2026-07-01T02:00[Europe/Lisbon]"), "summer time is the region's, not a fixed offset");
    }

    @Test
    void scheduleJsonPrintsTheRecordAsTheDeploymentsCommandDoes() throws Exception {
        defineServer();

        CliRun run = schedule(TOMORROW.toString(), "--json");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        JsonNode record = new ObjectMapper().readTree(run.out());
        assertEquals("Scheduled", record.get("status").asText());
        assertEquals("package", record.get("kind").asText());
        assertEquals("DEPLOY_PACKAGE", record.get("job").asText());
        assertEquals(TOMORROW.toLocalDate().toString(), record.get("scheduleDate").asText());
        assertEquals(deployments().get(0), record);
    }

    @Test
    void aTimeInThePastIsASchedulingErrorAndNothingIsRecorded() throws Exception {
        defineServer();

        CliRun run = schedule("2020-01-01T02:00+01:00");

        assertEquals(1, run.exitCode());
        assertTrue(run.out().startsWith("Deployment scheduling error: the deployment time 2020-01-01T02:00+01:00 is"
                + " not in the future"), run.out());
        assertTrue(run.out().contains("Nothing was scheduled and nothing was recorded."), run.out());
        assertEquals(0, deployments().size());
        assertEquals(List.of(), opcon.requests());
    }

    @Test
    void opConRefusingTheJobPrintsItsMessageAndLeavesTheRecordFailed() throws Exception {
        defineServer();
        opcon.refuseJobs("Job DEPLOY_PACKAGE is not defined in schedule BATCH_DEPLOY");

        CliRun run = schedule(TOMORROW.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.out().startsWith("Deployment scheduling error: OpCon refused adding DEPLOY_PACKAGE"), run.out());
        assertTrue(run.out().contains("Job DEPLOY_PACKAGE is not defined in schedule BATCH_DEPLOY"), run.out());
        assertTrue(run.out().contains("deployment 1 is recorded as Failed"), run.out());
        assertEquals("Failed", deployments().get(0).get("status").asText());
    }

    @Test
    void thePasswordIsNeverAnOptionValue() throws Exception {
        defineServer();

        CliRun asOption = schedule(TOMORROW.toString(), "--password", OpConTestServer.PASSWORD);
        variables.remove("OPCON_PASSWORD");
        CliRun unset = schedule(TOMORROW.toString());

        assertEquals(2, asOption.exitCode());
        assertTrue(asOption.err().contains("--password is not accepted"), asOption.err());
        assertFalse(asOption.err().contains(OpConTestServer.PASSWORD), "the refusal does not echo it");
        assertEquals(2, unset.exitCode());
        assertTrue(unset.err().contains("the environment variable OPCON_PASSWORD (--password-env) is not set"),
                unset.err());
        assertEquals(List.of(), opcon.requests());
    }

    @Test
    void setValuesAreRefusedBecauseTheScheduledRunWouldNotHaveThem() throws Exception {
        defineServer();

        CliRun run = schedule(TOMORROW.toString(), "--set", "Product.SystemName=X");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--set values are not kept for the scheduled run"), run.err());
    }

    @Test
    void runScheduledDeploysTheSavedPlanAndExitsZeroThenRefusesToRunItAgain() throws Exception {
        defineServer();
        schedule(TOMORROW.toString());

        CliRun run = deploy("run-scheduled", "--id", "1", "--config", config.toString());
        CliRun again = deploy("run-scheduled", "--id", "1", "--config", config.toString());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("Deployment 1 (Root@1.0.0): Deployed"), run.out());
        assertEquals("name=MES\npassword=" + APP_SECRET + "\n",
                Files.readString(temp.resolve("install/app/bin/app.properties")));
        assertNoSecret(run);
        assertEquals("Deployed", deployments().get(0).get("status").asText());
        assertEquals(1, again.exitCode());
        assertTrue(again.out().contains("Deployment 1 not run: deployment 1 is Deployed, not Scheduled"), again.out());
    }

    @Test
    void scheduleToAGroupOfTargetsRecordsTheTargetsAndRunScheduledDeploysToEachWithItsOwnValues() throws Exception {
        defineServer();
        Path targets = LocalTargets.write(temp);

        CliRun run = schedule(TOMORROW.toString(), "--targets", targets.toString(), "--target", "boxes");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("Root@1.0.0 will be deployed to 2 targets (box1, box2) at "), run.out());
        String recorded = deployments().get(0).get("target").asText();
        assertTrue(recorded.startsWith("box1 local:") && recorded.contains("\nbox2 local:"), recorded);
        assertFalse(Files.exists(temp.resolve("box1/app-home")), "nothing is deployed until the job runs");

        CliRun ran = deploy("run-scheduled", "--id", "1", "--config", config.toString());

        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        assertTrue(ran.out().contains("== target box1: succeeded ==") && ran.out().contains("== target box2: succeeded =="),
                ran.out());
        assertTrue(ran.out().contains("Deployment 1 (Root@1.0.0): Deployed"), ran.out());
        assertEquals("name=BOX-ONE\npassword=" + APP_SECRET + "\n",
                Files.readString(temp.resolve("box1/app-home/app/bin/app.properties")), "box1's own value");
        assertEquals("name=MES\npassword=" + APP_SECRET + "\n",
                Files.readString(temp.resolve("box2/app-home/app/bin/app.properties")));
        assertTrue(Files.isRegularFile(temp.resolve("box2/.deploy/journal.json")), "each target's journal is on it");
        assertEquals("Deployed", deployments().get(0).get("status").asText());
        assertNoSecret(ran);
    }

    @Test
    void aScheduledGroupWhoseTargetChangedSinceThePlanFailsTheRecordAndChangesNoTarget() throws Exception {
        defineServer();
        Path targets = LocalTargets.write(temp);
        assertEquals(0, schedule(TOMORROW.toString(), "--targets", targets.toString(), "--target", "boxes").exitCode());
        CliRun direct = deploy("install", "--source", SOURCE, "--root", "Root", "--parameters", parameters.toString(),
                "--state", temp.resolve("state").toString(), "--targets", targets.toString(), "--target", "box2",
                "--yes");
        assertEquals(0, direct.exitCode(), direct.out());

        CliRun ran = deploy("run-scheduled", "--id", "1", "--config", config.toString());

        assertEquals(1, ran.exitCode(), ran.out());
        assertTrue(ran.out().contains("== target box2: validation failed =="), ran.out());
        assertFalse(Files.exists(temp.resolve("box1/app-home")), "box1's plan held, yet nothing ran on it");
        JsonNode record = deployments().get(0);
        assertEquals("Failed", record.get("status").asText());
        assertTrue(record.get("message").asText().contains("what is installed"), record.toString());
    }

    @Test
    void runScheduledOfAChangedPackageFailsTheRecordAndExitsOne() throws Exception {
        Path source = temp.resolve("source");
        org.apache.commons.io.file.PathUtils.copyDirectory(Path.of(SOURCE), source);
        defineServer();
        CliRun scheduled = deploy("schedule", "--server", "PROD", "--at", TOMORROW.toString(), "--source",
                source.toString(), "--root", "Root", "--parameters", parameters.toString(), "--state",
                temp.resolve("state").toString(), "--config", config.toString(), "--user", "ops", "--password-env",
                "OPCON_PASSWORD");
        assertEquals(0, scheduled.exitCode(), scheduled.out());
        Path manifest = source.resolve("App.1.0.0/manifest.xml");
        Files.writeString(manifest, Files.readString(manifest).replace("<steps>", "<description>new</description><steps>"));

        CliRun run = deploy("run-scheduled", "--id", "1", "--config", config.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("Deployment 1 (Root@1.0.0): Failed - "), run.out());
        assertTrue(run.out().contains("inputs that have changed since: the packages or their manifests"), run.out());
        assertEquals("Failed", deployments().get(0).get("status").asText());
    }

    @Test
    void cancelWithdrawsAScheduledDeploymentAndAsksOpConToSkipItsJob() throws Exception {
        defineServer();
        schedule(TOMORROW.toString());

        CliRun cancel = deploy("cancel", "--id", "1", "--config", config.toString(), "--user", "ops",
                "--password-env", "OPCON_PASSWORD");
        CliRun list = deploy("deployments", "--config", config.toString());
        CliRun run = deploy("run-scheduled", "--id", "1", "--config", config.toString());

        assertEquals(0, cancel.exitCode(), cancel.out() + cancel.err());
        assertTrue(cancel.out().startsWith("Deployment 1 (Root@1.0.0) is Cancelled: cancelled; OpCon skips"),
                cancel.out());
        assertTrue(opcon.jobs().get(0).skipped());
        assertTrue(list.out().matches("(?s).*\\n +1 +Cancelled .*"), list.out());
        assertEquals(1, run.exitCode(), "a cancelled deployment is not run");
        assertFalse(Files.exists(temp.resolve("install")));
    }

    @Test
    void cancelWithoutCredentialsSaysWhatItCouldNotDo() throws Exception {
        defineServer();
        schedule(TOMORROW.toString());

        CliRun cancel = deploy("cancel", "--id", "1", "--config", config.toString());

        assertEquals(0, cancel.exitCode());
        assertTrue(cancel.out().contains("not done: OpCon was not asked to skip DEPLOY_PACKAGE"), cancel.out());
    }

    @Test
    void theTemplateIsRenderedForAnEnvironment() throws Exception {
        Path out = temp.resolve("BATCH_DEPLOY.json");

        CliRun run = deploy("opcon", "template", "--machine", "MESAPP01", "--directory", "D:\\Stagehand", "--user",
                "SVC_DEPLOY", "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode job = new ObjectMapper().readTree(out.toFile()).get("jobs").get(0);
        assertEquals("MESAPP01", job.get("machine").asText());
        assertEquals("SVC_DEPLOY", job.get("userId").asText());
        assertTrue(job.get("commandLine").asText().contains("run-scheduled --id [[JI.DEPLOYMENT_ID]] --config"
                + " \"D:\\Stagehand\\config.ini\""), job.toString());
    }

    @Test
    void aConfigIniNamingPostgreSqlKeepsTheDeploymentsThere() throws Exception {
        DatabaseSettings postgres = TestDatabases.postgres();
        try {
            variables.put("STAGEHAND_DB_PASSWORD", postgres.password());
            Files.writeString(config, "[database]\nurl = " + postgres.url() + "\nuser = " + postgres.user()
                    + "\npassword_env = STAGEHAND_DB_PASSWORD\nschema = " + postgres.schema() + "\n");
            defineServer();

            CliRun run = schedule(TOMORROW.toString());

            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals("Scheduled", deployments().get(0).get("status").asText());
            assertEquals(0, deploy("run-scheduled", "--id", deployments().get(0).get("id").asText(), "--config",
                    config.toString()).exitCode());
            assertEquals("Deployed", deployments().get(0).get("status").asText());
        } finally {
            TestDatabases.drop(postgres);
        }
    }
}
