package dev.stagehand.steps.mes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import dev.stagehand.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigureItemsTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void entityTypesAndServicesAreAddedOnceAndAddingThemAgainChangesNothing(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            String first;
            try (StepHarness harness = Fixtures.harness("items", db)) {
                HarnessResult result = harness.run();
                assertTrue(result.succeeded(), result::report);
                first = result.result().deploymentId();
                assertEquals("2 entity types: 2 added, 0 already configured", result.step("Mes.Items", 1).message());
                assertEquals(3, result.changes().size(), result.changes()::toString);
            }
            try (StepHarness harness = Fixtures.harness("items", db)) {
                HarnessResult again = harness.run();

                assertTrue(again.succeeded(), again::report);
                assertEquals("2 entity types: 0 added, 2 already configured", again.step("Mes.Items", 1).message());
                assertEquals("1 service assembly: 0 added, 1 already configured", again.step("Mes.Items", 2).message());
                assertEquals(List.of(), again.changes());
            }
            assertEquals(List.of("Material|" + first, "Resource|" + first), db.rows("SELECT EntityTypeName,"
                    + " ConfiguredByDeployment FROM T_MesEntityTypeOperations ORDER BY EntityTypeName"));
            assertEquals(List.of("Cmf.Custom.Services.dll|" + first),
                    db.rows("SELECT AssemblyName, ConfiguredByDeployment FROM T_MesServices"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aStepThatListsNothingOrAnElementWithoutNameIsRefusedInValidate(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"ConfigureServices\" />\n"
                     + "    <step type=\"ConfigureEntityTypeOperations\"><entityType /></step>").variables(db.parameters("Online"))) {
            HarnessResult result = harness.run();

            List<String> errors = result.errors().stream().map(Problem::toString).toList();
            assertEquals(2, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("step 1 ConfigureServices") && errors.get(0).contains(
                    "ConfigureServices lists no service assembly: add <assembly name=\"...\" /> elements"), errors::toString);
            assertTrue(errors.get(1).contains("step 2 ConfigureEntityTypeOperations")
                    && errors.get(1).contains("needs the attribute name"), errors::toString);
            assertFalse(db.tableExists("T_MesServices"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void thePlanShowsTheNamesWithTheirVariablesReplacedAndTheResultCountsThemInPlural(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"ConfigureServices\">"
                     + "<assembly name=\"Cmf.Custom.$(Product.SystemName).Services.dll\" />"
                     + "<assembly name=\"Cmf.Custom.Reports.dll\" /></step>").variables(db.parameters("Online"))
                     .variable("Product.SystemName", "Plant")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals("2 service assemblies: 2 added, 0 already configured", result.step().message());
            assertTrue(result.result().plan().notice().stream().anyMatch(n -> n.contains(
                    "Cmf.Custom.Plant.Services.dll")), result.result().plan().notice()::toString);
            assertTrue(result.result().plan().notice().stream().noneMatch(n -> n.contains("$(")),
                    result.result().plan().notice()::toString);
        }
    }
}
