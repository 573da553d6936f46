package dev.stagehand.steps.mes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import dev.stagehand.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProductLicenseTest {

    private record Captured<T>(T value, String log) {
    }

    /** What the handlers and the engine log while {@code task} runs (slf4j-simple writes to standard error). */
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

    /** Everything a deployment shows: events, problems, the report, the journal's records, the plan's notice, the log. */
    private static String allOutput(StepHarness harness, HarnessResult result, String log) {
        return result.events() + "\n" + result.problems() + "\n" + result.report() + "\n" + result.steps() + "\n"
                + harness.journal().deployments() + "\n" + harness.journal().installedPackages() + "\n"
                + result.result().plan().notice() + "\n" + log;
    }

    private static String license() {
        // Longer than a message type may be: a step given it as one fails in Execute, on the database's refusal.
        return "<License><Customer>Acme " + UUID.randomUUID() + "</Customer>\n  <Key>K-" + UUID.randomUUID()
                + "</Key>\n  <Modules>" + "Core,Quality,Logistics,Maintenance,Planning,".repeat(5) + "</Modules></License>";
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theLicenseIsInstalledAndShowsInNoEventProblemJournalRecordOrLogLine(TestDatabase.Kind kind) throws Exception {
        String license = license();
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"ProductLicense\" />").variables(db.parameters("Online"))
                     .variable("Product.Licensing.LicenseRawData", license)) {
            Captured<HarnessResult> run = capturingLog(harness::run);
            HarnessResult result = run.value();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of("Product|" + license), db.rows("SELECT LicenseId, LicenseRawData FROM T_MesLicense"));
            assertEquals("license installed (" + license.length() + " characters)", result.step().message());
            assertTrue(run.log().contains("license installed in database Online"), "the log was captured");
            String output = allOutput(harness, result, run.log());
            assertFalse(output.contains(license), "the license shows nowhere");
            for (String line : license.split("\n")) {
                assertFalse(output.contains(line.strip()), "no line of it either: " + line);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aLicenseUsedWhereItDoesNotFitIsRefusedInValidateWithoutTheDatabaseQuotingAnyPartOfIt(TestDatabase.Kind kind)
            throws Exception {
        String license = license();
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"ProductLicense\" />\n"
                     // H2 quotes the start of a value too long for its column, cut short where masking cannot find it.
                     + "    <step type=\"CreateIntegrationEntries\" contentPath=\"a.txt\""
                     + " messageType=\"$(Product.Licensing.LicenseRawData)\" />")
                     .file("a.txt", "a").variables(db.parameters("Online")).variable("Product.Licensing.LicenseRawData", license)) {
            Captured<HarnessResult> run = capturingLog(harness::run);
            HarnessResult result = run.value();

            assertFalse(result.succeeded());
            List<String> errors = result.errors().stream().map(Problem::toString).toList();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("step 2 CreateIntegrationEntries") && errors.get(0).contains(
                    "messageType is " + license.length() + " characters long; at most 255 fit"), errors::toString);
            String output = allOutput(harness, result, run.log());
            for (String line : license.split("\n")) {
                assertFalse(output.contains(line.strip()), "no line of the license shows: " + line);
            }
            assertFalse(output.contains("<License><Customer>"), "not even its start");
            assertFalse(db.tableExists("T_MesLicense"), "nothing ran");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aLicenseThatIsNotWellFormedXmlIsRefusedInValidateWithoutQuotingIt(TestDatabase.Kind kind) throws Exception {
        String broken = "<License><Customer>Acme " + UUID.randomUUID() + "</Client></License>";
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"ProductLicense\" />").variables(db.parameters("Online"))
                     .variable("Product.Licensing.LicenseRawData", broken)) {
            Captured<HarnessResult> run = capturingLog(harness::run);
            HarnessResult result = run.value();

            assertFalse(result.succeeded());
            List<String> errors = result.errors().stream().map(Problem::toString).toList();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("step 1 ProductLicense") && errors.get(0).contains(
                    "Product.Licensing.LicenseRawData is not well-formed XML (line 1, column "), errors::toString);
            String output = allOutput(harness, result, run.log());
            assertFalse(output.contains(broken), output);
            assertFalse(output.contains("Client"), "not even the parser's quote of it");
            assertFalse(db.tableExists("T_MesLicense"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anEmptyLicenseIsRefusedInValidate(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"ProductLicense\" />").variables(db.parameters("Online"))
                     .variable("Product.Licensing.LicenseRawData", "  ")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertTrue(result.errors().get(0).message().contains("ProductLicense needs the license in the variable"
                    + " Product.Licensing.LicenseRawData, which is empty or not set"), result::report);
            assertFalse(db.tableExists("T_MesLicense"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aNewLicenseReplacesTheInstalledOne(TestDatabase.Kind kind) throws Exception {
        String second = license();
        try (TestDatabase db = TestDatabase.create(kind)) {
            try (StepHarness harness = StepHarness.forStep("<step type=\"ProductLicense\" />").variables(db.parameters("Online"))
                    .variable("Product.Licensing.LicenseRawData", license())) {
                assertTrue(harness.run().succeeded());
            }
            try (StepHarness harness = StepHarness.forStep("<step type=\"ProductLicense\" />").variables(db.parameters("Online"))
                    .variable("Product.Licensing.LicenseRawData", second)) {
                HarnessResult result = harness.run();

                assertTrue(result.succeeded(), result::report);
                assertEquals(List.of(second), db.rows("SELECT LicenseRawData FROM T_MesLicense"));
                assertEquals("replaced", result.changes().get(0).detail());
            }
        }
    }
}
