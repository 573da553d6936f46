package dev.stagehand.steps.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Status;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private TestClickHouse server;

    @BeforeEach
    void server() {
        server = TestClickHouse.create();
    }

    @AfterEach
    void dropDatabases() throws Exception {
        server.close();
    }

    /** What a run wrote to standard error (where the tests' SLF4J logger writes, down to DEBUG), and its result. */
    private record Captured<T>(T value, String log) {
    }

    private static <T> Captured<T> capturingLog(Callable<T> task) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return new Captured<>(task.call(), bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
            original.print(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    /** Everything a deployment shows: events, problems, the report, the journal's records, the log. */
    private static String allOutput(HarnessResult result, List<DeploymentEvent> events, String log) {
        return events + "\n" + result.problems() + "\n" + result.report() + "\n" + result.steps() + "\n"
                + result.result().plan().notice() + "\n" + log;
    }

    @Test
    void aWrongPasswordIsRefusedInValidateWithNothingChangedAndShownNowhere() throws Exception {
        String database = server.createDatabase("ODS");
        String wrong = "Wr0ng-pa55-" + server.system;
        List<DeploymentEvent> events = new ArrayList<>();
        try (StepHarness harness = StepHarness.forStep("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAMEODS\" patchId=\"CH-1\" createDatabase=\"true\" />")
                .variables(server.parameters()).variable("Product.ClickHouse.Password", wrong)
                .file("a.sql", "CREATE TABLE T_A (Id UInt8) ENGINE = TinyLog").listener(events::add)) {
            Captured<HarnessResult> run = capturingLog(harness::run);
            HarnessResult result = run.value();

            assertFalse(result.succeeded());
            assertEquals(1, result.errors().size(), result::report);
            String error = result.errors().get(0).toString();
            assertTrue(error.contains("step 1 RunClickHouseSql") && error.contains("ClickHouse at " + server.url
                    + " (user " + server.user + ") refused the credentials (check Product.ClickHouse.User and"
                    + " Product.ClickHouse.Password): Code: 193"), error);
            assertTrue(result.result().packages().stream().allMatch(p -> p.status() == Status.NOT_RUN),
                    result::report);
            assertFalse(server.tableExists(database, "T_A"), "nothing ran");
            assertFalse(server.tableExists(database, "T_DatabasePatches"), "no patch table was made");
            assertFalse(allOutput(result, events, run.log()).contains(wrong), "the password shows nowhere");
        }
    }

    @Test
    void thePasswordAndSecretTokensShowInNoOutputOfARunThatFails() throws Exception {
        String database = server.createDatabase("");
        String secret = "s3cret-token-" + server.system;
        List<DeploymentEvent> events = new ArrayList<>();
        try (StepHarness harness = StepHarness.forStep("<step type=\"RunClickHouseSql\" contentPath=\"*.sql\""
                + " targetDatabase=\"$SYSTEM_NAME\" replaceTokens=\"true\" patchId=\"CH-S\" />")
                .variables(server.parameters()).variable("Product.Api.Password", secret)
                .file("1.sql", "CREATE TABLE T_Key (Value String) ENGINE = TinyLog;\n"
                        + "INSERT INTO T_Key VALUES ('$(Product.Api.Password)');")
                // The server quotes a statement it cannot parse: the secret must be masked in that message too.
                .file("2.sql", "SELEC '$(Product.Api.Password)' FROM nowhere").listener(events::add)) {
            Captured<HarnessResult> run = capturingLog(harness::run);
            HarnessResult result = run.value();

            assertFalse(result.succeeded());
            assertEquals(List.of(secret), server.rows("SELECT Value FROM " + database + ".T_Key"),
                    "the token was replaced with the secret's value");
            String error = result.errors().get(0).toString();
            assertTrue(error.contains("2.sql:1: statement 1 failed: Code: 62") && error.contains("******"), error);
            String output = allOutput(result, events, run.log());
            assertFalse(output.contains(secret), "the secret token shows nowhere");
            assertFalse(output.contains(server.password), "the password shows nowhere");
            assertTrue(run.log().contains("RunClickHouseSql") || run.log().contains("clickhouse"),
                    "the log was captured: " + run.log().length());
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsOneLocatedValidationProblem() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAME\" />\n"
                + "    <step type=\"RunClickHouseSql\" contentPath=\"a.sql\" targetDatabase=\"$SYSTEM_NAMEODS\" />")
                .variables(server.parameters()).variable("Product.ClickHouse.Url", "")
                .variable("Product.ClickHouse.Server", "127.0.0.1").variable("Product.ClickHouse.Port", "1")
                .file("a.sql", "SELECT 1")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertEquals(1, result.errors().size(), result::report);
            String error = result.errors().get(0).toString();
            assertTrue(error.contains("manifest.xml") && error.contains("step 1 RunClickHouseSql")
                    && error.contains("ClickHouse at http://127.0.0.1:1 (user " + server.user + ") does not answer"),
                    error);
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsRefusedOnceTheTimeoutPasses() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
             StepHarness harness = StepHarness.forStep("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                     + " targetDatabase=\"$SYSTEM_NAME\" />").variables(server.parameters())
                     .variable("Product.ClickHouse.Url", "http://127.0.0.1:" + silent.getLocalPort())
                     .variable("Product.ClickHouse.Timeout", "1").file("a.sql", "SELECT 1")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            String error = result.errors().get(0).toString();
            assertTrue(error.contains("does not answer") && error.contains("no answer within 1 s"), error);
        }
    }

    @Test
    void missingConnectionVariablesAreNamed() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAME\" />").variable("Product.SystemName", "MES").file("a.sql", "SELECT 1")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertTrue(result.errors().stream().anyMatch(p -> p.message().contains("database ClickHouse has no"
                    + " connection: set Product.ClickHouse.Url, or Product.ClickHouse.Server")), result::report);
        }
    }

    @Test
    void aContentPathMatchingNothingAndABadConditionAreLocatedProblems() throws Exception {
        server.createDatabase("");
        try (StepHarness harness = StepHarness.forStep("<step type=\"RunClickHouseSql\" contentPath=\"missing/*.sql\""
                + " conditionPath=\"condition.sql\" targetDatabase=\"$SYSTEM_NAME\" />").variables(server.parameters())
                .file("condition.sql", "SELECT 1; SELECT 2")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            List<String> messages = result.errors().stream().map(p -> p.message()).toList();
            assertTrue(messages.contains("contentPath missing/*.sql matches no file of the package"), messages::toString);
            assertTrue(messages.contains("conditionPath condition.sql must hold one query, whose first row's first"
                    + " column is 1 or true to run the scripts; it holds 2 statements"), messages::toString);
        }
    }
}
