package dev.stagehand.steps.clickhouse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTPS port of the server scripts/services.sh starts, with its self-signed certificate
 * ({@code STAGEHAND_CLICKHOUSE_HTTPS_URL}, {@code STAGEHAND_CLICKHOUSE_CA_FILE}).
 */
class HttpsTest {

    private TestClickHouse server;
    private String httpsUrl;
    private String caFile;

    @BeforeEach
    void server() {
        server = TestClickHouse.create();
        httpsUrl = TestClickHouse.env("STAGEHAND_CLICKHOUSE_HTTPS_URL", null);
        caFile = TestClickHouse.env("STAGEHAND_CLICKHOUSE_CA_FILE", null);
        Assumptions.assumeTrue(httpsUrl != null && caFile != null, "the HTTPS port of the clickhouse-server of"
                + " scripts/services.sh is not given (STAGEHAND_CLICKHOUSE_HTTPS_URL, STAGEHAND_CLICKHOUSE_CA_FILE)");
    }

    @AfterEach
    void dropDatabases() throws Exception {
        server.close();
    }

    private StepHarness harness() {
        return StepHarness.forStep("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\" targetDatabase=\"$SYSTEM_NAME\" />")
                .variables(server.parameters()).variable("Product.ClickHouse.Url", httpsUrl)
                .file("a.sql", "CREATE TABLE T_Tls (Id UInt8) ENGINE = TinyLog");
    }

    @Test
    void aServerCertificateSignedByTheGivenCaFileIsTrusted() throws Exception {
        String database = server.createDatabase("");
        try (StepHarness harness = harness().variable("Product.ClickHouse.CaFile", caFile)) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertTrue(server.tableExists(database, "T_Tls"));
        }
    }

    @Test
    void aServerCertificateTheJdkDoesNotTrustIsRefused() throws Exception {
        String database = server.createDatabase("");
        try (StepHarness harness = harness()) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertTrue(result.errors().stream().anyMatch(p -> p.message().startsWith("ClickHouse at " + httpsUrl)
                    && p.message().contains("does not answer")), result::report);
            assertFalse(server.tableExists(database, "T_Tls"));
        }
    }
}
