package dev.stagehand.steps.sql;

import static dev.stagehand.steps.sql.Deployments.install;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresScriptsTest {

    @Test
    void dollarQuotedFunctionsEscapeStringsAndDoBlocksRunAsWritten() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            DeploymentResult result = install("postgres", "Db", db.parameters("Online"));

            assertTrue(result.succeeded(), result.problems()::toString);
            assertEquals(List.of("a;b; noted", "first; noted", "from do; noted", "it's; escaped"),
                    db.rows("SELECT note FROM t_audit ORDER BY note"));
        }
    }
}
