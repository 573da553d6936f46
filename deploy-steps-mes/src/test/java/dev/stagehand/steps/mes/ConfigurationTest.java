package dev.stagehand.steps.mes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.api.Status;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import dev.stagehand.testkit.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigurationTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void productConfigurationCreatesEntriesAndALaterUpdateOfTheSamePlanKeepsThePreviousValue(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = Fixtures.harness("config", db, Map.of("Product.SystemName", "MES"))) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            String deployment = result.result().deploymentId();
            assertEquals(List.of("/Cmf/Custom/Feature/Enabled/|false|Boolean|true|" + deployment,
                    "/Cmf/Custom/Feature/Owner/|MES team|String|null|" + deployment),
                    db.rows("SELECT EntryPath, EntryValue, ValueType, PreviousValue, ChangedByDeployment"
                            + " FROM T_MesConfiguration ORDER BY EntryPath"));
            assertEquals(List.of(new ChangeRecord("configuration entry", "/Cmf/Custom/Feature/Enabled/", "created"),
                    new ChangeRecord("configuration entry", "/Cmf/Custom/Feature/Owner/", "created"),
                    new ChangeRecord("configuration entry", "/Cmf/Custom/Feature/Enabled/", "previous value: true")),
                    result.changes());
            assertEquals("1 configuration entry: 0 created, 1 changed, 0 unchanged", result.step("Mes.Config", 2).message());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anUpdateOfAnExistingEntryRecordsItsOldValueAndSettingTheSameValueChangesNothing(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            try (StepHarness first = Fixtures.harness("config", db, Map.of("Product.SystemName", "MES"))) {
                assertTrue(first.run().succeeded());
            }
            try (StepHarness update = StepHarness.forStep("<step type=\"UpdateConfiguration\">"
                    + "<config path=\"/Cmf/Custom/Feature/Owner/\" value=\"Operations\" />"
                    + "<config path=\"/Cmf/Custom/Feature/Enabled\" value=\"false\" /></step>").variables(db.parameters("Online"))) {
                HarnessResult result = update.run();

                assertTrue(result.succeeded(), result::report);
                assertEquals(List.of("/Cmf/Custom/Feature/Enabled/|false|Boolean", "/Cmf/Custom/Feature/Owner/|Operations|"
                        + "String|MES team"), db.rows("SELECT EntryPath, EntryValue, ValueType, PreviousValue"
                        + " FROM T_MesConfiguration ORDER BY EntryPath").stream()
                        .map(r -> r.endsWith("|true") ? r.substring(0, r.length() - 5) : r).toList());
                assertEquals(List.of(new ChangeRecord("configuration entry", "/Cmf/Custom/Feature/Owner/",
                        "previous value: MES team")), result.changes());
                assertEquals("2 configuration entries: 0 created, 1 changed, 1 unchanged", result.step().message());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anUpdateOfAnEntryThatDoesNotExistIsRefusedInValidateWithNothingChanged(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            try (StepHarness first = Fixtures.harness("config", db, Map.of("Product.SystemName", "MES"))) {
                assertTrue(first.run().succeeded());
            }
            try (StepHarness harness = StepHarness.forStep("<step type=\"ProductConfiguration\" path=\"/Cmf/Custom/New/\""
                    + " value=\"1\" valueType=\"Integer\" />\n"
                    + "    <step type=\"UpdateConfiguration\" path=\"/Cmf/Custom/Missing/\" value=\"x\" />")
                    .variables(db.parameters("Online"))) {
                HarnessResult result = harness.run();

                assertFalse(result.succeeded());
                List<String> errors = result.errors().stream().map(Problem::toString).toList();
                assertEquals(1, errors.size(), errors::toString);
                assertTrue(errors.get(0).contains("step 2 UpdateConfiguration") && errors.get(0).contains(
                        "configuration entry /Cmf/Custom/Missing/ does not exist in database Online")
                        && errors.get(0).contains("and no earlier step creates it"), errors::toString);
                assertTrue(result.result().packages().stream().allMatch(p -> p.status() == Status.NOT_RUN));
                assertEquals(List.of(), db.rows("SELECT EntryPath FROM T_MesConfiguration WHERE EntryPath LIKE '%/New/'"),
                        "step 1 did not run either");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anUpdateOnAnEmptyDatabaseIsRefusedInValidateAndCreatesNoTable(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"UpdateConfiguration\" path=\"/Cmf/A/\" value=\"1\" />")
                     .variables(db.parameters("Online"))) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertTrue(result.errors().get(0).message().contains("configuration entry /Cmf/A/ does not exist"),
                    result::report);
            assertFalse(db.tableExists("T_MesConfiguration"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aValueThatDoesNotFitItsTypeAndAnEntryWithoutValueAreRefusedInValidate(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"ProductConfiguration\">\n"
                     + "      <config path=\"/Cmf/A/\" value=\"maybe\" valueType=\"Boolean\" />\n"
                     + "      <config path=\"/Cmf/B/\" />\n"
                     + "    </step>").variables(db.parameters("Online"))) {
            HarnessResult result = harness.run();

            List<String> errors = result.errors().stream().map(Problem::message).toList();
            assertEquals(2, errors.size(), errors::toString);
            assertTrue(errors.get(0).startsWith("configuration entry /Cmf/A/: 'maybe' is not a Boolean (line "), errors::toString);
            assertTrue(errors.get(1).startsWith("configuration entry /Cmf/B/ has no value (line "), errors::toString);
            assertFalse(db.tableExists("T_MesConfiguration"));
        }
    }
}
