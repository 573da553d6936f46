package dev.stagehand.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.io.SecureXml;
import dev.stagehand.core.transform.JsonDocumentTransform;
import dev.stagehand.core.transform.TransformResult;
import dev.stagehand.core.transform.XmlDocumentTransform;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * A 5 MiB JSON document and a 5 MiB Web.config-like XML document, each changed by 100 transforms,
 * against merely reading and writing the same document: Jackson's tree for JSON, a secure DOM
 * parse plus an identity Transformer for XML. The target is at most 3x each. Run on one core:
 * {@code taskset -c 0 java -cp deploy-bench/target/deploy-bench.jar dev.stagehand.bench.TransformBenchmark}.
 */
public final class TransformBenchmark {

    static final int SIZE = 5 * 1024 * 1024;
    static final int TRANSFORMS = 100;

    private static final String XDT = "xmlns:xdt=\"" + XmlDocumentTransform.NAMESPACE + "\"";

    public static void main(String[] args) throws Exception {
        int entries = entriesFor(TransformBenchmark::json);
        String json = json(entries);
        String jdt = jdt(entries);
        ObjectMapper mapper = new ObjectMapper();
        TransformResult jsonResult = JsonDocumentTransform.apply(json, jdt, "bench.json");
        check(jsonResult, "JDT", "\"renamed-14\"", "\"replaced 29\"", "\"patched\"", "\"db-new-4\"", "\"ttl\": 300");
        absent(jsonResult, "JDT", "\"key-1\":", "\"key-2\":", "\"cmf.package.4\"");
        String mib = String.format(Locale.ROOT, "%.0f MiB", SIZE / 1048576.0);
        Comparison.compare("JDT, " + TRANSFORMS + " transforms of " + mib + " / Jackson read+write", 3.0, 3,
                Comparison.Side.of("Jackson read + pretty write", () -> {
                    JsonNode tree = mapper.readTree(json);
                    mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
                }),
                Comparison.Side.of("JsonDocumentTransform.apply", () -> JsonDocumentTransform.apply(json, jdt, "bench.json")));

        int xmlEntries = entriesFor(TransformBenchmark::xml);
        String xml = xml(xmlEntries);
        String xdt = xdt(xmlEntries);
        TransformResult xmlResult = XmlDocumentTransform.apply(xml, xdt, "bench.config");
        check(xmlResult, "XDT", "key=\"new-14\"", "value=\"replaced\"", "newVersion=\"9.0.0.0\"", "<trace enabled=\"false\"");
        absent(xmlResult, "XDT", "key=\"key-2\"", "name=\"handler-5\"", "debug=\"true\"");
        DocumentBuilderFactory dom = SecureXml.documentBuilderFactory();
        // Only writes the DOM it is given; secure processing all the same, as everywhere.
        TransformerFactory writers = TransformerFactory.newInstance();
        writers.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Comparison.compare("XDT, " + TRANSFORMS + " transforms of " + mib + " / secure DOM read+write", 3.0, 3,
                Comparison.Side.of("secure DOM parse + identity write", () -> {
                    Document document = dom.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
                    StringWriter out = new StringWriter(xml.length());
                    Transformer identity = writers.newTransformer();
                    identity.transform(new DOMSource(document), new StreamResult(out));
                }),
                Comparison.Side.of("XmlDocumentTransform.apply", () -> XmlDocumentTransform.apply(xml, xdt, "bench.config")));
        System.out.printf(Locale.ROOT, "JSON document: %.1f MiB (%d settings); XML document: %.1f MiB (%d settings)%n",
                json.length() / 1048576.0, entries, xml.length() / 1048576.0, xmlEntries);
    }

    /** The smallest entry count (in steps of 100) whose document reaches {@link #SIZE} characters. */
    private static int entriesFor(java.util.function.IntFunction<String> document) {
        int entries = 1000;
        int length = document.apply(entries).length();
        entries = (int) Math.ceil(entries * (double) SIZE / length / 100.0) * 100;
        while (document.apply(entries).length() < SIZE) {
            entries += 100;
        }
        return entries;
    }

    /** A benchmark that silently transformed nothing would measure nothing. */
    private static void check(TransformResult result, String what, String... present) {
        if (!result.warnings().isEmpty()) {
            throw new IllegalStateException(what + " transforms did not all apply: " + result.warnings());
        }
        for (String text : present) {
            if (!result.output().contains(text)) {
                throw new IllegalStateException(what + " output lacks " + text);
            }
        }
    }

    private static void absent(TransformResult result, String what, String... removed) {
        for (String text : removed) {
            if (result.output().contains(text)) {
                throw new IllegalStateException(what + " output still has " + text);
            }
        }
    }

    // ---------------------------------------------------------------- JSON and JDT

    /** An application's settings file grown large: settings, connection strings, packages, services. */
    static String json(int entries) {
        StringBuilder out = new StringBuilder(SIZE + 4096);
        out.append("{\n  \"appSettings\": {\n");
        for (int i = 0; i < entries; i++) {
            out.append(i == 0 ? "" : ",\n").append("    \"key-").append(i).append("\": \"value number ").append(i)
                    .append(" with some padding text\"");
        }
        out.append("\n  },\n  \"connectionStrings\": {\n");
        for (int i = 0; i < 200; i++) {
            out.append(i == 0 ? "" : ",\n").append("    \"db-").append(i)
                    .append("\": \"Server=dev-sql;Database=db").append(i).append(";Integrated Security=true\"");
        }
        out.append("\n  },\n  \"packages\": {\n    \"available\": [\n");
        for (int i = 0; i < entries / 4; i++) {
            out.append(i == 0 ? "" : ",\n").append("      \"cmf.package.").append(i).append('"');
        }
        out.append("\n    ]\n  },\n  \"services\": [\n");
        for (int i = 0; i < entries / 4; i++) {
            out.append(i == 0 ? "" : ",\n").append("    { \"name\": \"svc-").append(i).append("\", \"port\": ")
                    .append(8000 + i % 1000).append(", \"enabled\": ").append(i % 7 != 0)
                    .append(", \"tags\": [ \"tier-").append(i % 3).append("\", \"zone-").append(i % 5).append("\" ] }");
        }
        out.append("\n  ],\n  \"features\": { \"telemetry\": false, \"cache\": { \"size\": 128, \"ttl\": 60 } }\n}\n");
        return out.toString();
    }

    /**
     * 100 operations: 33 path replaces (3 with filters), 15 key removals, 15 renames, 20 path
     * merges (5 with filters), 5 filtered removals, 10 default additions and replacements in
     * connectionStrings, one default replacement and one plain replace in features.
     */
    static String jdt(int entries) {
        int step = entries / 100;
        int services = entries / 4;
        StringBuilder replaces = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            replaces.append(i == 0 ? "" : ",\n").append("    { \"@jdt.path\": \"$.appSettings['key-").append(i * step)
                    .append("']\", \"@jdt.value\": \"replaced ").append(i).append("\" }");
        }
        for (int i = 0; i < 3; i++) {
            replaces.append(",\n    { \"@jdt.path\": \"$.services[?(@.name == 'svc-").append(i * (services / 3) + 6)
                    .append("')].enabled\", \"@jdt.value\": false }");
        }
        StringBuilder removals = new StringBuilder();
        StringBuilder renames = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            removals.append(i == 0 ? "" : ", ").append("\"key-").append(i * step + 1).append('"');
            renames.append(i == 0 ? "" : ", ").append("\"key-").append(i * step + 2).append("\": \"renamed-")
                    .append(i).append('"');
        }
        StringBuilder merges = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            int service = i * (services / 20) + 3;
            String path = i < 5 ? "$.services[?(@.name == 'svc-" + service + "')]" : "$.services[" + service + "]";
            merges.append(i == 0 ? "" : ",\n").append("    { \"@jdt.path\": \"").append(path)
                    .append("\", \"@jdt.value\": { \"port\": 9").append(i).append(", \"tags\": [ \"patched\" ] } }");
        }
        StringBuilder filtered = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            filtered.append(i == 0 ? "" : ",\n").append("    { \"@jdt.path\": \"$.packages.available[?(@ == 'cmf.package.")
                    .append(i * (services / 5) + 4).append("')]\" }");
        }
        StringBuilder defaults = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            defaults.append(",\n    \"db-").append(i * 40).append("\": \"Server=prod-sql;Database=db").append(i * 40).append('"');
            defaults.append(",\n    \"db-new-").append(i).append("\": \"Server=prod-sql;Database=new").append(i).append('"');
        }
        return "{\n"
                + "  \"@jdt.replace\": [\n" + replaces + "\n  ],\n"
                + "  \"@jdt.merge\": [\n" + merges + "\n  ],\n"
                + "  \"@jdt.remove\": [\n" + filtered + "\n  ],\n"
                + "  \"appSettings\": {\n    \"@jdt.remove\": [ " + removals + " ],\n"
                + "    \"@jdt.rename\": { " + renames + " }\n  },\n"
                + "  \"connectionStrings\": {" + defaults.substring(1) + "\n  },\n"
                + "  \"features\": { \"telemetry\": true, \"cache\": { \"@jdt.replace\": { \"size\": 512, \"ttl\": 300 } } }\n"
                + "}\n";
    }

    // ---------------------------------------------------------------- XML and XDT

    /** A Web.config grown large: settings with comments, connection strings, handlers, binding redirects. */
    static String xml(int entries) {
        StringBuilder out = new StringBuilder(SIZE + 4096);
        out.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <appSettings>\n");
        for (int i = 0; i < entries; i++) {
            if (i % 10 == 0) {
                out.append("    <!-- settings block ").append(i / 10).append(" -->\n");
            }
            out.append("    <add key=\"key-").append(i).append("\" value=\"value number ").append(i)
                    .append(" with some padding text\" />\n");
        }
        out.append("  </appSettings>\n  <connectionStrings>\n");
        for (int i = 0; i < 200; i++) {
            out.append("    <add name=\"db-").append(i).append("\" connectionString=\"Server=dev-sql;Database=db").append(i)
                    .append(";Integrated Security=true\" providerName=\"System.Data.SqlClient\" />\n");
        }
        out.append("  </connectionStrings>\n  <system.web>\n    <compilation debug=\"true\" targetFramework=\"4.8\" />\n")
                .append("    <customErrors mode=\"Off\" />\n    <httpRuntime targetFramework=\"4.8\" />\n  </system.web>\n")
                .append("  <system.webServer>\n    <handlers>\n");
        for (int i = 0; i < entries / 10; i++) {
            out.append("      <add name=\"handler-").append(i).append("\" path=\"*.h").append(i)
                    .append("\" verb=\"*\" type=\"App.Handlers.Handler").append(i).append(", App\" />\n");
        }
        out.append("    </handlers>\n  </system.webServer>\n  <runtime>\n")
                .append("    <assemblyBinding xmlns=\"urn:schemas-microsoft-com:asm.v1\">\n");
        for (int i = 0; i < 500; i++) {
            out.append("      <dependentAssembly>\n        <assemblyIdentity name=\"Lib.").append(i)
                    .append("\" publicKeyToken=\"30ad4fe6b2a6aeed\" culture=\"neutral\" />\n")
                    .append("        <bindingRedirect oldVersion=\"0.0.0.0-1.").append(i).append(".0.0\" newVersion=\"1.")
                    .append(i).append(".0.0\" />\n      </dependentAssembly>\n");
        }
        return out.append("    </assemblyBinding>\n  </runtime>\n</configuration>\n").toString();
    }

    /**
     * 100 transforms: 30 SetAttributes and 15 Replace by Match(key), 10 Remove by Condition, 15
     * Insert, 5 SetAttributes by Match(name), 10 Remove by absolute XPath, 5 SetAttributes in the
     * default namespace by Condition, and 10 on system.web (SetAttributes, RemoveAttributes,
     * InsertIfMissing, InsertAfter).
     */
    static String xdt(int entries) {
        int step = entries / 100;
        StringBuilder out = new StringBuilder("<configuration " + XDT + ">\n  <appSettings>\n");
        for (int i = 0; i < 30; i++) {
            out.append("    <add key=\"key-").append(i * step)
                    .append("\" value=\"set\" xdt:Transform=\"SetAttributes(value)\" xdt:Locator=\"Match(key)\" />\n");
        }
        for (int i = 0; i < 15; i++) {
            out.append("    <add key=\"key-").append(i * step + 1)
                    .append("\" value=\"replaced\" xdt:Transform=\"Replace\" xdt:Locator=\"Match(key)\" />\n");
        }
        for (int i = 0; i < 10; i++) {
            out.append("    <add xdt:Transform=\"Remove\" xdt:Locator=\"Condition(@key='key-").append(i * step + 2)
                    .append("')\" />\n");
        }
        for (int i = 0; i < 15; i++) {
            out.append("    <add key=\"new-").append(i).append("\" value=\"v\" xdt:Transform=\"Insert\" />\n");
        }
        out.append("  </appSettings>\n  <connectionStrings>\n");
        for (int i = 0; i < 5; i++) {
            out.append("    <add name=\"db-").append(i * 40).append("\" connectionString=\"Server=prod-sql;Database=db")
                    .append(i * 40).append("\" xdt:Transform=\"SetAttributes(connectionString)\" xdt:Locator=\"Match(name)\" />\n");
        }
        out.append("  </connectionStrings>\n  <system.web>\n")
                .append("    <compilation xdt:Transform=\"RemoveAttributes(debug)\" />\n")
                .append("    <customErrors mode=\"RemoteOnly\" defaultRedirect=\"~/error\" xdt:Transform=\"SetAttributes\" />\n")
                .append("    <httpRuntime maxRequestLength=\"51200\" xdt:Transform=\"SetAttributes(maxRequestLength)\" />\n")
                .append("    <sessionState mode=\"InProc\" timeout=\"30\" xdt:Transform=\"InsertIfMissing\" />\n")
                .append("    <machineKey validation=\"HMACSHA256\" xdt:Transform=\"InsertIfMissing\" />\n")
                .append("    <trace enabled=\"false\" xdt:Transform=\"InsertAfter(compilation)\" />\n")
                .append("    <globalization culture=\"en-US\" xdt:Transform=\"InsertAfter(customErrors)\" />\n")
                .append("    <httpCookies requireSSL=\"true\" xdt:Transform=\"InsertIfMissing\" />\n")
                .append("    <authentication mode=\"Windows\" xdt:Transform=\"Insert\" />\n")
                .append("    <pages validateRequest=\"true\" xdt:Transform=\"InsertIfMissing\" />\n")
                .append("  </system.web>\n  <system.webServer>\n    <handlers>\n");
        for (int i = 0; i < 10; i++) {
            out.append("      <add xdt:Transform=\"Remove\" xdt:Locator=\"XPath(/configuration/system.webServer/handlers/add[@name='handler-")
                    .append(i * (entries / 100) + 5).append("'])\" />\n");
        }
        out.append("    </handlers>\n  </system.webServer>\n  <runtime>\n")
                .append("    <assemblyBinding xmlns=\"urn:schemas-microsoft-com:asm.v1\">\n");
        for (int i = 0; i < 5; i++) {
            out.append("      <dependentAssembly xdt:Locator=\"Condition(_defaultNamespace:assemblyIdentity/@name='Lib.")
                    .append(i * 100 + 7).append("')\">\n        <bindingRedirect oldVersion=\"0.0.0.0-9.0.0.0\" newVersion=\"9.0.0.0\"")
                    .append(" xdt:Transform=\"SetAttributes\" />\n      </dependentAssembly>\n");
        }
        return out.append("    </assemblyBinding>\n  </runtime>\n</configuration>\n").toString();
    }
}
