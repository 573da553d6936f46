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

class EnqueueSqlTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void eachScriptIsQueuedOnOnlineUnderTheTargetsLogicalNameWithOneBatchIdPerDeployment(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase online = TestDatabase.create(kind)) {
            if (kind == TestDatabase.Kind.POSTGRES) {
                String schema = online.rows("SELECT current_schema()").get(0);
                online.execute("CREATE SCHEMA IF NOT EXISTS control",
                        "CREATE TABLE " + schema + ".t_queue (Seq SERIAL, BatchExecutionId UUID, QueueName VARCHAR(50),"
                                + " CommandText TEXT)",
                        "CREATE OR REPLACE PROCEDURE control.p_enqueuecommand(b UUID, q VARCHAR, t TEXT) LANGUAGE sql"
                                + " AS $$ INSERT INTO " + schema + ".t_queue (BatchExecutionId, QueueName, CommandText)"
                                + " VALUES (b, q, t) $$");
            } else {
                online.execute("CREATE SCHEMA Control", "CREATE TABLE Control.T_Queue (Seq INT AUTO_INCREMENT,"
                        + " BatchExecutionId UUID, QueueName VARCHAR(50), CommandText VARCHAR(1000))",
                        "CREATE ALIAS Control.P_EnqueueCommand FOR 'dev.stagehand.steps.sql.QueueProcedure.enqueue'");
            }
            String queue = kind == TestDatabase.Kind.POSTGRES ? "t_queue" : "Control.T_Queue";
            Map<String, String> parameters = new HashMap<>(online.parameters("Online"));
            parameters.put("Product.Database.Ods.Url", "jdbc:postgresql://ods.invalid/ods");

            DeploymentResult result = install("enqueue", "Db", parameters);

            assertTrue(result.succeeded(), result.problems()::toString);
            assertEquals(List.of("Ods|UPDATE T_Fact SET Loaded = 1;\n", "Ods|EXEC P_Rebuild;\n"),
                    online.rows("SELECT QueueName, CommandText FROM " + queue + " ORDER BY Seq"));
            assertEquals(List.of(EnqueueSqlStepHandler.batchId(result.deploymentId()).toString()),
                    online.rows("SELECT DISTINCT BatchExecutionId FROM " + queue));
        }
    }
}
