package dev.stagehand.steps.mes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.api.Status;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import dev.stagehand.testkit.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WaitForIntegrationEntriesTest {

    private static List<String> progress(HarnessResult result) {
        return result.events(DeploymentEvent.StepProgress.class).stream()
                .filter(p -> p.unit().equals("integration entries")).map(p -> p.done() + "/" + p.total()).toList();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aPackageThatAsksToWaitSucceedsOnlyOnceTheProcessorHasProcessedAllItsEntriesReportingProgress(
            TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); Processor processor = new Processor(db, Map.of());
             StepHarness harness = Fixtures.harness("wait", db).listener(processor)) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of("a-Material.xml", "Orders.json"), processor.processed());
            assertEquals(List.of("a-Material.xml|Processed", "Orders.json|Processed"),
                    db.rows("SELECT Name, Status FROM T_MesIntegrationEntry ORDER BY StepIndex"));
            List<String> progress = progress(result);
            assertEquals("0/2", progress.get(0), progress::toString);
            assertEquals("2/2", progress.get(progress.size() - 1), progress::toString);
            assertEquals(1, result.warnings().stream().filter(w -> w.message().contains("waitForIntegrationEntries"))
                    .count(), "the manifest reader keeps the package element it does not know, with a warning");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFailedEntryOfAStepThatWaitsFailsThePackageWithTheEntrysOwnMessage(TestDatabase.Kind kind) throws Exception {
        Map<String, String> failures = Map.of(
                "Orders.json", "Order 4711 references the unknown material M-9",
                // Step 1 does not ask to wait: its failure is the product's to show, not the deployment's.
                "a-Material.xml", "Material M-100 is locked");
        try (TestDatabase db = TestDatabase.create(kind); Processor processor = new Processor(db, failures);
             StepHarness harness = Fixtures.harness("wait-step", db).listener(processor)) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded(), result::report);
            assertEquals(Status.FAILED, result.outcome("Mes.WaitStep").status(), result::report);
            List<String> errors = result.errors().stream().map(Problem::toString).toList();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("1 of 2 integration entries of Mes.WaitStep@1.0.0 failed: Orders.json"
                    + " (step 2): Order 4711 references the unknown material M-9"), errors::toString);
            assertFalse(errors.get(0).contains("M-100 is locked"), errors::toString);
            assertEquals(List.of("a-Material.xml|Failed", "Orders.json|Failed", "Shipments.json|Processed"),
                    db.rows("SELECT Name, Status FROM T_MesIntegrationEntry ORDER BY StepIndex, Name"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theWaitIsBoundedByItsTimeoutAndNamesTheEntriesStillOpen(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = Fixtures.harness("wait", db, Map.of("Product.IntegrationEntries.Timeout", "1"))) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded(), result::report);
            List<String> errors = result.errors().stream().map(Problem::toString).toList();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("2 of 2 integration entries of Mes.Wait@1.0.0 are not processed after 1 s"
                    + " (Product.IntegrationEntries.Timeout): a-Material.xml (step 1, Pending), Orders.json (step 2,"
                    + " Pending)"), errors::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aTimeoutThatIsNoWholeNumberOfSecondsIsRefusedInValidate(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = Fixtures.harness("wait", db, Map.of("Product.IntegrationEntries.Timeout", "ten"))) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertTrue(result.errors().get(0).toString().contains("Product.IntegrationEntries.Timeout is 'ten',"
                    + " expected whole seconds (1 or more)"), result::report);
            assertFalse(db.tableExists("T_MesIntegrationEntry"), "nothing was written");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aWaitAttributeThatIsNoBooleanIsRefusedInValidate(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"ExportedObjects\" contentPath=\"a.xml\""
                     + " waitForIntegrationEntries=\"sometimes\" />").file("a.xml", "<a/>").variables(db.parameters("Online"))) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertEquals(List.of("attribute waitForIntegrationEntries is 'sometimes', expected true or false"),
                    result.errors().stream().map(Problem::message).toList());
            assertFalse(db.tableExists("T_MesIntegrationEntry"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aResumedDeploymentWaitsForTheEntriesItsEarlierRunCreated(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = Fixtures.harness("wait", db, Map.of("Product.IntegrationEntries.Timeout", "1"))) {
            assertFalse(harness.run().succeeded(), "nobody processed the entries");

            try (Processor processor = new Processor(db, Map.of())) {
                harness.listener(processor);
                HarnessResult resumed = harness.run();

                assertTrue(resumed.succeeded(), resumed::report);
                assertEquals(List.of("a-Material.xml", "Orders.json"), processor.processed());
                assertEquals(2, db.rows("SELECT Id FROM T_MesIntegrationEntry").size(),
                        "the completed steps are not run again: no second set of entries");
            }
        }
    }
}
