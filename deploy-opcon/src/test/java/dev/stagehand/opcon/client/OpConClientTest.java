package dev.stagehand.opcon.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.opcon.BatchScheduleServer;
import dev.stagehand.opcon.testing.OpConTestServer;
import dev.stagehand.opcon.testing.TestCertificates;
import java.net.InetAddress;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpConClientTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private static final OpConClient.Polling FAST = new OpConClient.Polling(Duration.ofMillis(5), 20);

    @TempDir
    Path temp;

    private TestCertificates ca;
    private OpConTestServer opcon;

    @BeforeEach
    void start() throws Exception {
        ca = TestCertificates.authority("Internal OpCon CA");
        opcon = OpConTestServer.start(ca);
    }

    @AfterEach
    void stop() {
        opcon.close();
    }

    private BatchScheduleServer definition(int port, Path caFile) {
        return new BatchScheduleServer("PROD", "127.0.0.1", 9011, port, true, caFile, null, null, ZoneId.of("UTC"));
    }

    private OpConClient client() throws Exception {
        return new OpConClient(definition(opcon.port(), ca.writePem(temp.resolve("ca.pem"))), Map.of(), FAST);
    }

    private static OpConCredentials.User user() {
        return new OpConCredentials.User(OpConTestServer.USER, OpConTestServer.PASSWORD);
    }

    @Test
    void logsInWithTheSpecsPayloadAndSendsTheTokenOnEveryLaterCall() throws Exception {
        try (OpConClient client = client()) {
            assertEquals("22.0.0", client.checkVersion());
            client.login(user());
            List<OpConClient.DailySchedule> daily = client.dailySchedules("BATCH_DEPLOY", DAY);
            assertEquals(List.of(new OpConClient.DailySchedule("20261201|BATCH_DEPLOY", "BATCH_DEPLOY",
                    "2026-12-01T00:00:00.0000000+00:00", "Waiting")), daily);
        }

        List<OpConTestServer.Request> requests = opcon.requests();
        assertEquals(List.of("GET /api/version", "POST /api/tokens",
                "GET /api/dailyschedules?name=BATCH_DEPLOY&dates=2026-12-01", "DELETE /api/tokens"),
                opcon.requestLines());
        assertEquals("{\"user\":{\"loginName\":\"ops\",\"password\":\"" + OpConTestServer.PASSWORD + "\"},"
                + "\"tokenType\":{\"type\":\"User\"}}", requests.get(1).body());
        assertEquals(null, requests.get(0).authorization(), "the version needs no login");
        assertEquals("Token user-token-1", requests.get(2).authorization());
        assertEquals("Token user-token-1", requests.get(3).authorization(), "logging out names the token");
    }

    @Test
    void anExpiredTokenIsRenewedOnceAndTheCallMadeAgain() throws Exception {
        try (OpConClient client = client()) {
            client.login(user());
            opcon.expireTokens();

            assertEquals(1, client.dailySchedules("BATCH_DEPLOY", DAY).size());
        }

        assertEquals(List.of("POST /api/tokens", "GET /api/dailyschedules?name=BATCH_DEPLOY&dates=2026-12-01",
                "POST /api/tokens", "GET /api/dailyschedules?name=BATCH_DEPLOY&dates=2026-12-01",
                "DELETE /api/tokens"), opcon.requestLines());
        assertEquals("Token user-token-2", opcon.requests().get(3).authorization());
    }

    @Test
    void aTokenRefusedAgainAfterTheRenewalIsAnErrorNotALoop() throws Exception {
        opcon.failNext("GET", "/api/dailyschedules", 401, 1002, "Invalid token specified")
                .failNext("GET", "/api/dailyschedules", 401, 1002, "Invalid token specified");
        try (OpConClient client = client()) {
            client.login(user());

            OpConException e = assertThrows(OpConException.class, () -> client.dailySchedules("BATCH_DEPLOY", DAY));

            assertEquals(401, e.status());
            assertTrue(e.getMessage().contains("Invalid token specified"), e.getMessage());
        }
        assertEquals(2, opcon.requestLines().stream().filter(l -> l.equals("POST /api/tokens")).count());
    }

    @Test
    void anApplicationTokenIsUsedAsItIsWithoutLoginOrLogout() throws Exception {
        try (OpConClient client = client()) {
            client.login(new OpConCredentials.ApplicationToken(OpConTestServer.APPLICATION_TOKEN));
            client.dailySchedules("BATCH_DEPLOY", DAY);
        }

        assertEquals(List.of("GET /api/dailyschedules?name=BATCH_DEPLOY&dates=2026-12-01"), opcon.requestLines());
        assertEquals("Token " + OpConTestServer.APPLICATION_TOKEN, opcon.requests().get(0).authorization());
    }

    @Test
    void aWrongPasswordShowsOpConsMessage() throws Exception {
        try (OpConClient client = client()) {
            OpConException e = assertThrows(OpConException.class,
                    () -> client.login(new OpConCredentials.User("ops", "wrong")));

            assertTrue(e.getMessage().contains("OpCon answered 401 to POST /api/tokens: Invalid user name or password"),
                    e.getMessage());
        }
    }

    @Test
    void aServerOlderThan18_3IsRefused() throws Exception {
        opcon.version("18.1.2");
        try (OpConClient client = client()) {
            OpConException e = assertThrows(OpConException.class, client::checkVersion);

            assertTrue(e.getMessage().contains("OpCon REST API 18.1.2"), e.getMessage());
            assertTrue(e.getMessage().contains("needs 18.3.0 or later"), e.getMessage());
        }
    }

    @Test
    void versionsCompareByNumberNotByText() {
        assertTrue(OpConClient.compareVersions("18.10.0", "18.3.0") > 0);
        assertTrue(OpConClient.compareVersions("18.3", "18.3.0") == 0);
        assertTrue(OpConClient.compareVersions("17.9.9.1234", "18.3.0") < 0);
    }

    @Test
    void aSubmittedActionIsPolledUntilSuccess() throws Exception {
        opcon.submittedPolls(3);
        try (OpConClient client = client()) {
            client.login(user());
            OpConClient.ActionResult result = client.addJob("20261201|BATCH_DEPLOY", "DEPLOY_PACKAGE", "OnRequest",
                    OpConClient.properties("DEPLOYMENT_ID", "42"), "test");

            assertEquals("success", result.result());
            assertEquals("17", result.id());
        }
        assertEquals(List.of("POST /api/tokens", "POST /api/scheduleactions", "GET /api/scheduleactions/17",
                "GET /api/scheduleactions/17", "GET /api/scheduleactions/17", "DELETE /api/tokens"),
                opcon.requestLines());
    }

    @Test
    void anActionStillSubmittedAfterThePollingBoundsIsAnError() throws Exception {
        opcon.submittedPolls(1000);
        try (OpConClient client = new OpConClient(definition(opcon.port(), ca.writePem(temp.resolve("ca.pem"))),
                Map.of(), new OpConClient.Polling(Duration.ofMillis(1), 3))) {
            client.login(user());

            OpConException e = assertThrows(OpConException.class, () -> client.addJob("20261201|BATCH_DEPLOY",
                    "DEPLOY_PACKAGE", "OnRequest", Map.of(), "test"));

            assertTrue(e.getMessage().contains("did not finish adding DEPLOY_PACKAGE"), e.getMessage());
        }
        assertEquals(3, opcon.requestLines().stream().filter(l -> l.startsWith("GET /api/scheduleactions/")).count());
    }

    @Test
    void opConsOwnMessageReachesTheCaller() throws Exception {
        opcon.failNext("POST", "/api/scheduleactions", 400, 2003, "Schedule BATCH_DEPLOY is being built");
        try (OpConClient client = client()) {
            client.login(user());

            OpConException e = assertThrows(OpConException.class, () -> client.addJob("20261201|BATCH_DEPLOY",
                    "DEPLOY_PACKAGE", "OnRequest", Map.of(), "test"));

            assertEquals("OpCon answered 400 to POST /api/scheduleactions: Schedule BATCH_DEPLOY is being built"
                    + " (code 2003)", e.getMessage());
        }
    }

    @Test
    void aScheduleBuildIsPolledUntilCompleted() throws Exception {
        opcon.notBuilt(DAY).submittedPolls(2);
        try (OpConClient client = client()) {
            client.login(user());
            assertEquals(List.of(), client.dailySchedules("BATCH_DEPLOY", DAY));

            client.buildSchedule("BATCH_DEPLOY", DAY);

            assertEquals(1, client.dailySchedules("BATCH_DEPLOY", DAY).size());
        }
        OpConTestServer.Request build = opcon.requests().get(2);
        assertEquals("POST /api/schedulebuilds", build.line());
        assertEquals("{\"schedules\":[{\"name\":\"BATCH_DEPLOY\"}],\"dates\":[\"2026-12-01\"],\"overwrite\":false,"
                + "\"hold\":false}", build.body());
        assertEquals(List.of("GET /api/schedulebuilds/build-2026-12-01", "GET /api/schedulebuilds/build-2026-12-01"),
                opcon.requestLines().subList(3, 5));
    }

    @Test
    void aCertificateOfAnotherAuthorityIsRefusedSayingWhatToConfigure() throws Exception {
        TestCertificates stranger = TestCertificates.authority("Someone else");
        try (OpConTestServer other = OpConTestServer.start(stranger);
             OpConClient client = new OpConClient(definition(other.port(), ca.writePem(temp.resolve("ca.pem"))),
                     Map.of(), FAST)) {
            OpConException e = assertThrows(OpConException.class, client::checkVersion);

            assertTrue(e.getMessage().contains("the TLS certificate of 127.0.0.1:" + other.port()
                    + " cannot be verified"), e.getMessage());
            assertTrue(e.getMessage().contains("--ca-file PEM or --truststore FILE"), e.getMessage());
            assertEquals(List.of(), other.requests(), "nothing was sent over the unverified connection");
        }
    }

    @Test
    void withoutAConfiguredCaTheJdksAuthoritiesDoNotTrustAnInternalCertificate() throws Exception {
        try (OpConClient client = new OpConClient(definition(opcon.port(), null), Map.of(), FAST)) {
            OpConException e = assertThrows(OpConException.class, client::checkVersion);

            assertTrue(e.getMessage().contains("cannot be verified"), e.getMessage());
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() throws Exception {
        try (OpConTestServer other = OpConTestServer.start(ca, "opcon.example.test");
             OpConClient client = new OpConClient(definition(other.port(), ca.writePem(temp.resolve("ca.pem"))),
                     Map.of(), FAST)) {
            OpConException e = assertThrows(OpConException.class, client::checkVersion);

            assertTrue(e.getMessage().contains("is not for the host name 127.0.0.1"), e.getMessage());
            assertEquals(List.of(), other.requests());
        }
    }

    @Test
    void aTrustStoreWithItsPasswordFromTheEnvironmentWorksAsThePemFileDoes() throws Exception {
        Path store = ca.writeTrustStore(temp.resolve("opcon.p12"), "store-secret".toCharArray());
        BatchScheduleServer server = new BatchScheduleServer("PROD", "127.0.0.1", 9011, opcon.port(), true, null,
                store, "OPCON_TRUSTSTORE_PASSWORD", ZoneId.of("UTC"));
        try (OpConClient client = new OpConClient(server, Map.of("OPCON_TRUSTSTORE_PASSWORD", "store-secret"), FAST)) {
            assertEquals("22.0.0", client.checkVersion());
        }
    }

    @Test
    void aPlainHttpServerIsRefused() throws Exception {
        // What a plain-HTTP server does with a TLS hello: it answers 400, in clear text.
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket socket = plain.accept()) {
                    socket.getInputStream().read(new byte[512]);
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // The client hung up first: nothing to answer.
                }
            });
            answering.start();
            try (OpConClient client = new OpConClient(definition(plain.getLocalPort(),
                    ca.writePem(temp.resolve("ca.pem"))), Map.of(), FAST)) {
                OpConException e = assertThrows(OpConException.class, client::checkVersion);

                assertTrue(e.getMessage().contains("does not answer TLS"), e.getMessage());
            }
            answering.join(10_000);
        }
    }

    @Test
    void aDefinitionWithoutTlsIsRefusedBeforeAnythingIsSent() {
        BatchScheduleServer server = new BatchScheduleServer("PROD", "127.0.0.1", 9011, opcon.port(), false, null,
                null, null, ZoneId.of("UTC"));

        OpConException e = assertThrows(OpConException.class, () -> new OpConClient(server, Map.of(), FAST));

        assertTrue(e.getMessage().contains("defined without TLS"), e.getMessage());
        assertEquals(List.of(), opcon.requests());
    }
}
