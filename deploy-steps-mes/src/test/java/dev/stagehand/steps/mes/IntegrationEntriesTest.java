package dev.stagehand.steps.mes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.api.Status;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.InMemoryTarget;
import dev.stagehand.testkit.StepHarness;
import dev.stagehand.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IntegrationEntriesTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void eachStepCreatesOnePendingEntryPerFileInFileNameOrderWithItsMessageTypeAndAttributes(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = Fixtures.harness("entries", db, Map.of("Product.SystemName", "MES"))) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of(
                    "1|a-Material.xml|ImportObjects|Pending|{}",
                    "1|b-Resource.xml|ImportObjects|Pending|{}",
                    "2|ARule.cs|ProcessRule|Pending|{}",
                    "2|BRule.cs|ProcessRule|Pending|{}",
                    "3|Orders.json|CustomImport|Pending|{\"eventName\":\"MES.Import\",\"sourceSystem\":\"ERP\"}"),
                    db.rows("SELECT StepIndex, Name, MessageType, Status, Attributes FROM T_MesIntegrationEntry"
                            + " ORDER BY StepIndex, Name"));
            Path pkg = Fixtures.folder("entries");
            assertArrayEquals(Files.readAllBytes(pkg.resolve("ProcessRules/Later/ARule.cs")), db.bytes(
                    "SELECT Content FROM T_MesIntegrationEntry WHERE Name = 'ARule.cs'").get(0));
            assertEquals(List.of("Mes.Entries|1.0.0|" + result.result().deploymentId()),
                    db.rows("SELECT DISTINCT PackageId, PackageVersion, CreatedByDeployment FROM T_MesIntegrationEntry"));
            assertEquals(1, db.rows("SELECT DISTINCT Batch FROM T_MesIntegrationEntry").size(),
                    "one batch per package version and deployment");
            assertTrue(result.step("Mes.Entries", 1).message().startsWith("2 integration entries created (ImportObjects"),
                    result::report);
            assertEquals(5, result.changes().stream().filter(c -> c.kind().equals("integration entry")).count(),
                    result.changes()::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aDeploymentOntoTwoTargetsWritesTheEntriesOnceSinceTheOnlineDatabaseIsTheSystems(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = Fixtures.harness("entries", db, Map.of("Product.SystemName", "MES"))
                     .target(new InMemoryTarget("host-a")).configure(c -> c.target(new InMemoryTarget("host-b")))) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(5, db.rows("SELECT Id FROM T_MesIntegrationEntry").size());
            assertTrue(result.events(DeploymentEvent.StepSucceeded.class).stream().anyMatch(e -> e.detail().equals(
                    "written to Online on the first target; nothing to do on host-b")), result::report);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theTablesAreCreatedByTheirMigrationOnFirstUseAndMigratedOnce(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            try (StepHarness harness = Fixtures.harness("entries", db, Map.of("Product.SystemName", "MES"))) {
                assertTrue(harness.run().succeeded());
            }
            try (StepHarness again = Fixtures.harness("entries", db, Map.of("Product.SystemName", "MES"))) {
                HarnessResult second = again.run();
                assertTrue(second.succeeded(), second::report);
            }

            assertEquals(1, db.rows("SELECT Version FROM T_MesSchemaVersion").size());
            assertEquals("1", db.rows("SELECT Version FROM T_MesSchemaVersion").get(0));
            for (String table : List.of("T_MesIntegrationEntry", "T_MesConfiguration", "T_MesLicense",
                    "T_MesEntityTypeOperations", "T_MesServices")) {
                assertTrue(db.tableExists(table), table);
            }
            assertEquals(10, db.rows("SELECT Id FROM T_MesIntegrationEntry").size(), "a new deployment sends again");
            assertEquals(2, db.rows("SELECT DISTINCT Batch FROM T_MesIntegrationEntry").size());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aGenericStepWithoutMessageTypeAndAPatternMatchingNothingAreRefusedInValidateWithNothingChanged(
            TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"CreateIntegrationEntries\" contentPath=\"In/*.json\" />\n"
                     + "    <step type=\"ProcessRules\" contentPath=\"Rules/*.cs\" />")
                     .file("In/a.json", "{}").variables(db.parameters("Online"))) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            List<String> errors = result.errors().stream().map(Problem::toString).toList();
            assertEquals(2, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("step 1 CreateIntegrationEntries")
                    && errors.get(0).contains("CreateIntegrationEntries needs the attribute messageType"), errors::toString);
            assertTrue(errors.get(1).contains("step 2 ProcessRules")
                    && errors.get(1).contains("contentPath Rules/*.cs matches no file of the package"), errors::toString);
            assertTrue(result.result().packages().stream().allMatch(p -> p.status() == Status.NOT_RUN), result::report);
            assertFalse(db.tableExists("T_MesIntegrationEntry"), "Validate creates nothing");
            assertFalse(db.tableExists("T_MesSchemaVersion"), "Validate creates nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anUnreachableOnlineDatabaseIsOneValidateProblemForAllTheSteps(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"ExportedObjects\" contentPath=\"*.xml\" />\n"
                     + "    <step type=\"ProcessRules\" contentPath=\"*.xml\" />")
                     .file("a.xml", "<a/>").variables(db.parameters("Online"))
                     .variable("Product.Database.Online.Password", "wrong-Pa55word")
                     .variable("Product.Database.Online.User", kind == TestDatabase.Kind.H2 ? "nobody" : db.user)) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            List<String> errors = result.errors().stream().map(Problem::toString).toList();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("step 1 ExportedObjects") && errors.get(0).contains("cannot connect to"
                    + " database Online"), errors::toString);
            assertFalse(errors.get(0).contains("wrong-Pa55word"), errors::toString);
        }
    }
}
