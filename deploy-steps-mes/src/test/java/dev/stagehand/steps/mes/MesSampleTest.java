package dev.stagehand.steps.mes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.Status;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import dev.stagehand.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MesSampleTest {

    static final Path SAMPLE = Path.of("../samples/steps/mes");

    /** The sample's parameters.json, its Online database replaced by the test's. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> parameters(TestDatabase db) throws Exception {
        Map<String, Object> read = new ObjectMapper().readValue(SAMPLE.resolve("parameters.json").toFile(), Map.class);
        Map<String, String> parameters = new LinkedHashMap<>();
        read.forEach((name, value) -> parameters.put(name, String.valueOf(value)));
        parameters.remove("Product.Database.Type");
        parameters.putAll(db.parameters("Online"));
        return parameters;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theSamplePackageDeploysEveryMesStepTypeAndASecondRunHasNothingToDo(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forSource(SAMPLE, "Cmf.Sample.Mes").variables(parameters(db))) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertTrue(result.warnings().isEmpty(), result::report);
            assertEquals(9, result.outcome("Cmf.Sample.Mes").steps().size());
            assertTrue(result.outcome("Cmf.Sample.Mes").steps().stream().allMatch(s -> s.status() == Status.SUCCEEDED),
                    result::report);
            assertEquals(List.of("01-Material.xml|ImportObjects", "02-Resource.xml|ImportObjects",
                    "SampleRule.cs|ProcessRule", "Orders.json|CustomImport", "MasterDataFile.zip|MasterData"),
                    db.rows("SELECT Name, MessageType FROM T_MesIntegrationEntry ORDER BY StepIndex, Name"));
            assertEquals(List.of("/Cmf/Custom/Sample/Enabled/|false|true", "/Cmf/Custom/Sample/SystemName/|SAMPLE|null"),
                    db.rows("SELECT EntryPath, EntryValue, PreviousValue FROM T_MesConfiguration ORDER BY EntryPath"));
            assertEquals(1, db.rows("SELECT LicenseId FROM T_MesLicense").size());
            assertEquals(List.of("Material", "Resource"),
                    db.rows("SELECT EntityTypeName FROM T_MesEntityTypeOperations ORDER BY EntityTypeName"));
            assertEquals(List.of("Cmf.Custom.Sample.Services.dll"), db.rows("SELECT AssemblyName FROM T_MesServices"));
            assertFalse(result.report().contains("Stagehand sample</Customer>"), "the license is masked");

            HarnessResult again = harness.run();
            assertTrue(again.succeeded(), again::report);
            assertEquals(5, db.rows("SELECT Id FROM T_MesIntegrationEntry").size(), "an installed package is not sent again");
        }
    }
}
