package dev.stagehand.steps.sql;

import static dev.stagehand.steps.sql.Deployments.install;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.testkit.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqlScriptHandlerTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void genericStepsRunSqlScriptsByNameOrExtensionWithTokensAndPatchIds(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Map<String, String> parameters = new HashMap<>(db.parameters("Online"));
            parameters.put("Product.SystemName", "MES");

            DeploymentResult first = install("generic", "Db", parameters);

            assertTrue(first.succeeded(), first.problems()::toString);
            assertEquals(List.of("system|MES"), db.rows("SELECT Name, Val FROM T_Setting"));

            db.execute("DROP TABLE T_Setting");
            DeploymentResult second = install("generic", "Db", parameters);

            assertTrue(second.succeeded(), second.problems()::toString);
            assertEquals(List.of(), db.rows("SELECT Name, Val FROM T_Setting"), "the patch G-SEED ran once");
            assertEquals(List.of("G-SEED"), db.rows("SELECT PatchId FROM T_DatabasePatches"));
        }
    }
}
