package dev.stagehand.steps.sql;

import static dev.stagehand.steps.sql.Deployments.errors;
import static dev.stagehand.steps.sql.Deployments.install;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.stagehand.core.result.DeploymentResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunXmlaTest {

    private static final String SUCCESS = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soap:Body><ExecuteResponse xmlns=\"urn:schemas-microsoft-com:xml-analysis\"><return>"
            + "<root xmlns=\"urn:schemas-microsoft-com:xml-analysis:empty\"/></return></ExecuteResponse></soap:Body>"
            + "</soap:Envelope>";
    private static final String FAULT = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soap:Body><soap:Fault><faultcode>XMLAnalysisError.0xc10a0004</faultcode>"
            + "<faultstring>The Cmf database does not exist.</faultstring></soap:Fault></soap:Body></soap:Envelope>";

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile String answer = SUCCESS;
    private volatile int status = 200;
    private volatile boolean stall;

    @BeforeEach
    void startAnalysisServices() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/olap/msmdpump.dll", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("SOAPAction") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (stall) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Map<String, String> cube() {
        return Map.of("Product.Database.Cube.Url", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/olap/msmdpump.dll");
    }

    @Test
    void theScriptIsPostedAsAnXmlaExecuteCommand() throws Exception {
        DeploymentResult result = install("xmla", "Cube", cube());

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals(1, received.size());
        String request = received.get(0);
        assertTrue(request.startsWith("\"urn:schemas-microsoft-com:xml-analysis:Execute\"\n"), request);
        assertTrue(request.contains("<Execute xmlns=\"urn:schemas-microsoft-com:xml-analysis\"><Command><Batch"), request);
        assertTrue(request.contains("<DatabaseID>Cmf</DatabaseID>"), request);
    }

    @Test
    void aServerThatDoesNotAnswerFailsTheStepOnceTheTimeoutPasses() throws Exception {
        stall = true;
        Map<String, String> parameters = new java.util.HashMap<>(cube());
        parameters.put("Product.Database.Cube.Timeout", "1");

        DeploymentResult result = install("xmla", "Cube", parameters);

        assertFalse(result.succeeded());
        assertTrue(errors(result).get(0).contains("Cube/process.xmla: Analysis Services gave no answer within 1 s"),
                errors(result)::toString);
    }

    @Test
    void aSoapFaultFailsTheStepWithTheFaultString() throws Exception {
        answer = FAULT;
        status = 500;

        DeploymentResult result = install("xmla", "Cube", cube());

        assertFalse(result.succeeded());
        assertTrue(errors(result).get(0).contains("Cube/process.xmla: Analysis Services refused the script:"
                + " The Cmf database does not exist."), errors(result)::toString);
    }

    @Test
    void anAnswerThatIsNotXmlFailsTheStepEvenWithStatus200() throws Exception {
        answer = "<html><body>Gateway says hello</body></html";

        DeploymentResult result = install("xmla", "Cube", cube());

        assertFalse(result.succeeded());
        assertTrue(errors(result).get(0).contains("Analysis Services refused the script: the answer is not XML")
                && errors(result).get(0).contains("Gateway says hello"), errors(result)::toString);
    }

    @Test
    void anAnswerDeclaringADtdFailsTheStepWithoutReadingItsEntities() throws Exception {
        java.nio.file.Path secret = java.nio.file.Files.createTempFile("xmla-secret", ".txt");
        java.nio.file.Files.writeString(secret, "TOP-SECRET");
        answer = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>" + SUCCESS
                .replace("<return>", "<return>&x;");
        try {
            DeploymentResult result = install("xmla", "Cube", cube());

            assertFalse(result.succeeded());
            assertTrue(errors(result).get(0).contains("the answer is not XML"), errors(result)::toString);
            assertFalse(errors(result).toString().contains("TOP-SECRET"), errors(result)::toString);
        } finally {
            java.nio.file.Files.deleteIfExists(secret);
        }
    }

    @Test
    void withReplaceTokensTheScriptIsPostedExpandedAndAnUndefinedTokenStopsItInValidate() throws Exception {
        Map<String, String> parameters = new java.util.HashMap<>(cube());
        parameters.put("Cube.DatabaseId", "Cmf2");

        assertTrue(install("xmla-tokens", "Cube", parameters).succeeded());
        assertTrue(received.get(0).contains("<DatabaseID>Cmf2</DatabaseID>"), received::toString);

        received.clear();
        DeploymentResult undefined = install("xmla-tokens", "Cube", cube());
        assertFalse(undefined.succeeded());
        assertTrue(errors(undefined).get(0).contains("variable $(Cube.DatabaseId) used in Cube/process.xmla is not set"),
                errors(undefined)::toString);
        assertEquals(List.of(), received, "nothing is posted when Validate fails");
    }

    @Test
    void withoutAnEndpointValidationFails() throws Exception {
        DeploymentResult result = install("xmla", "Cube", Map.of());

        assertFalse(result.succeeded());
        assertTrue(errors(result).get(0).contains("RunXmla needs the variable Product.Database.Cube.Url"),
                errors(result)::toString);
        assertEquals(List.of(), received);
    }
}
