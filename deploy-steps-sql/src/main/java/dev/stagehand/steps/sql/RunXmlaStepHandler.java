package dev.stagehand.steps.sql;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.io.SecureXml;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Store;
import dev.stagehand.steps.sql.script.SqlScript;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code RunXmla}: posts each XMLA script at {@code contentPath} to the Analysis Services
 * endpoint {@value #URL_VARIABLE} (with {@code Product.Database.Cube.User}/{@code .Password} as
 * basic authentication when set). A script that is not a SOAP envelope is wrapped in an
 * {@code Execute} command. A SOAP fault, an XMLA error or an HTTP error fails the step, and so does
 * a server that does not answer: connecting may take 30 s, a script {@value #TIMEOUT_VARIABLE}
 * seconds (or the step's {@code timeout} attribute; an hour by default).
 */
@AutoService(StepHandler.class)
public final class RunXmlaStepHandler implements StepHandler {

    static final String URL_VARIABLE = "Product.Database.Cube.Url";
    static final String TIMEOUT_VARIABLE = "Product.Database.Cube.Timeout";
    /** Processing a cube can take long; a server that never answers must not hold the deployment forever. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

    @Override
    public Set<String> stepTypes() {
        return Set.of("RunXmla");
    }

    /** The Analysis Services database the scripts change. */
    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        return List.of(PlannedChange.changes(ChangeKind.DATABASE, "Cube"));
    }

    @Override
    public void validate(StepContext context) throws Exception {
        if (context.variables().get(URL_VARIABLE).filter(v -> !v.isBlank()).isEmpty()) {
            context.problems().error("RunXmla needs the variable " + URL_VARIABLE + " (the Analysis Services endpoint)");
        }
        String contentPath = context.attribute("contentPath").orElse("");
        List<String> scripts = contentPath.isBlank() ? List.of() : ScriptDeployment.find(context, contentPath);
        if (scripts.isEmpty()) {
            context.problems().error("contentPath " + contentPath + " matches no file of the package");
        }
        ScriptDeployment.checkTokens(context, scripts);
    }

    /** With {@code replaceTokens}, the variables the scripts use. */
    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
        ScriptDeployment.fingerprintTokens(context, fingerprint);
    }

    @Override
    public void execute(StepContext context) throws Exception {
        URI endpoint = URI.create(context.variables().get(URL_VARIABLE).orElseThrow());
        List<String> scripts = ScriptDeployment.find(context, context.requiredAttribute("contentPath"));
        // One client for the deployment's XMLA steps.
        HttpClient client = context.store(Store.Scope.DEPLOYMENT).getOrCompute(HttpClient.class, HttpClient.class,
                () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build());
        String auth = context.variables().get("Product.Database.Cube.User").map(user -> "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + context.variables().get("Product.Database.Cube.Password").orElse(""))
                        .getBytes(StandardCharsets.UTF_8))).orElse(null);
        Duration timeout = timeout(context);
        for (SqlScript script : ScriptDeployment.read(context, scripts).all()) {
            String path = script.path();
            String text = script.text().strip();
            if (context.flag("replaceTokens", false)) {
                text = context.variables().expand(text);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"urn:schemas-microsoft-com:xml-analysis:Execute\"")
                    .POST(HttpRequest.BodyPublishers.ofString(envelope(text), StandardCharsets.UTF_8));
            if (auth != null) {
                request.header("Authorization", auth);
            }
            request.timeout(timeout);
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.net.http.HttpTimeoutException e) {
                throw new DeploymentException(path + ": Analysis Services gave no answer within " + timeout.toSeconds()
                        + " s (" + TIMEOUT_VARIABLE + " or the step's timeout attribute, in seconds, sets how long to"
                        + " wait); whether the script ran is unknown", context.location(), e);
            }
            String failure = failure(response.body());
            if (failure != null) {
                throw new DeploymentException(path + ": Analysis Services refused the script: "
                        + context.variables().mask(failure), context.location());
            }
            if (response.statusCode() >= 300) {
                throw new DeploymentException(path + ": Analysis Services answered HTTP " + response.statusCode(),
                        context.location());
            }
            context.log().info("XMLA script {} ran", path);
        }
    }

    /** How long a script may run: the step's {@code timeout}, else {@value #TIMEOUT_VARIABLE}, in seconds. */
    private static Duration timeout(StepContext context) {
        String value = context.attribute("timeout").or(() -> context.variables().get(TIMEOUT_VARIABLE))
                .orElse(String.valueOf(DEFAULT_TIMEOUT.toSeconds())).strip();
        try {
            long seconds = Long.parseLong(value);
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DeploymentException("the XMLA timeout must be a positive number of seconds, not '" + value + "'",
                context.location());
    }

    private static String envelope(String script) {
        String head = script.replaceFirst("^<\\?xml[^>]*\\?>\\s*", "");
        if (head.matches("(?s)^<([A-Za-z0-9_]+:)?Envelope\\b.*")) {
            return script;
        }
        return "<Envelope xmlns=\"" + SOAP + "\"><Body><Execute xmlns=\"urn:schemas-microsoft-com:xml-analysis\">"
                + "<Command>" + head + "</Command><Properties/></Execute></Body></Envelope>";
    }

    /** The fault string of a SOAP fault, or the description of an XMLA error; null when the answer is a success. */
    static String failure(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        Document document;
        try {
            document = SecureXml.parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            // A gateway's HTML page or a truncated answer: nothing says the script ran.
            String start = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8).strip()
                    .replaceAll("\\s+", " ");
            return "the answer is not XML (" + e.getMessage() + "): " + start;
        }
        NodeList faults = document.getElementsByTagNameNS(SOAP, "Fault");
        if (faults.getLength() > 0) {
            Element fault = (Element) faults.item(0);
            NodeList strings = fault.getElementsByTagName("faultstring");
            String text = strings.getLength() > 0 ? strings.item(0).getTextContent() : fault.getTextContent();
            return text.strip();
        }
        NodeList errors = document.getElementsByTagNameNS("*", "Error");
        if (errors.getLength() > 0) {
            Element error = (Element) errors.item(0);
            String description = error.getAttribute("Description");
            return description.isEmpty() ? error.getTextContent().strip() : description;
        }
        return null;
    }
}
