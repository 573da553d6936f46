package dev.stagehand.steps.sql;

import static dev.stagehand.steps.sql.Deployments.errors;
import static dev.stagehand.steps.sql.Deployments.install;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Status;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.testkit.TestDatabase;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every wait for a database is bounded: a statement by {@code .Timeout} (cancelled by the server),
 * connecting by {@code .ConnectTimeout}, and any read by the statement timeout with a margin, so a
 * server that stops answering fails the step instead of hanging the deployment. The JUnit
 * timeouts only stop a test that would otherwise hang; they are no measure of speed.
 */
class TimeoutsTest {

    private static Map<String, String> withTimeout(TestDatabase db, String seconds) {
        Map<String, String> parameters = new HashMap<>(db.parameters("Online"));
        parameters.put("Product.Database.Online.Timeout", seconds);
        return parameters;
    }

    private static void assertCancelled(DeploymentResult result) {
        assertFalse(result.succeeded());
        List<String> errors = errors(result);
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("Online/001-slow.sql:3: the statement ran longer than 1 s and was cancelled"
                + " (Product.Database.Online.Timeout sets how many seconds a statement may run)"), errors::toString);
        assertEquals(Status.FAILED, result.packages().get(0).status());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void onPostgreSqlAStatementLongerThanTheTimeoutIsCancelledAndTheStepFailsNamingTheVariable() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            assertCancelled(install("slow-pg", "Db", withTimeout(db, "1")));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void onH2AStatementLongerThanTheTimeoutIsCancelledAndTheStepFailsNamingTheVariable() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            assertCancelled(install("slow-h2", "Db", withTimeout(db, "1")));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aServerThatAcceptsButNeverAnswersFailsValidateOnceTheConnectTimeoutPasses() throws Exception {
        try (StallingProxy silent = StallingProxy.silent()) {
            DeploymentResult result = install("unreachable", "Db", Map.of("Product.Database.Type", "PostgreSQL",
                    "Product.Database.Online.Server", "127.0.0.1", "Product.Database.Online.Port",
                    String.valueOf(silent.port()), "Product.Database.Online.Name", "nowhere",
                    "Product.Database.Online.User", "deployer", "Product.Database.Online.Password", "s3cret-pw",
                    "Product.Database.Online.ConnectTimeout", "1"));

            assertFalse(result.succeeded());
            List<String> errors = errors(result);
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("cannot connect to database Online (PostgreSQL at 127.0.0.1:"
                    + silent.port() + "/nowhere, user deployer)"), errors::toString);
            assertTrue(result.packages().stream().allMatch(p -> p.status() == Status.NOT_RUN));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aServerThatStopsAnsweringInTheMiddleOfAScriptFailsTheStepOnceTheReadTimeoutPasses() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            URI pg = URI.create(db.url.substring("jdbc:".length()));
            try (StallingProxy proxy = StallingProxy.stallingOn(pg.getHost(), pg.getPort() > 0 ? pg.getPort() : 5432,
                    "stall-here")) {
                Map<String, String> parameters = withTimeout(db, "1");
                parameters.put("Product.Database.Online.Url", db.url.replace(pg.getHost() + ":" + pg.getPort(),
                        "127.0.0.1:" + proxy.port()));

                DeploymentResult result = install("stall", "Db", parameters);

                assertFalse(result.succeeded());
                List<String> errors = errors(result);
                assertEquals(1, errors.size(), errors::toString);
                assertTrue(errors.get(0).contains("(package Db@1.0.0, step 1 RunSql)")
                        && errors.get(0).contains("Online/001-stall.sql:2: "), errors::toString);
                assertEquals(Status.FAILED, result.packages().get(0).status());
            }
        }
    }

    @Test
    void aTimeoutThatIsNotAPositiveNumberOfSecondsIsAValidationProblemNamingTheVariable() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            for (String value : List.of("soon", "0", "-5")) {
                DeploymentResult result = install("slow-h2", "Db", withTimeout(db, value));

                assertFalse(result.succeeded());
                assertTrue(errors(result).stream().anyMatch(e -> e.contains("Product.Database.Online.Timeout is '"
                        + value + "', not a number of seconds above 0")), errors(result)::toString);
                assertTrue(result.packages().stream().allMatch(p -> p.status() == Status.NOT_RUN));
            }
        }
    }
}
