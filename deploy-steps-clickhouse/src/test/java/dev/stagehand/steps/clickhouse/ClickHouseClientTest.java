package dev.stagehand.steps.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.testkit.StepContexts;
import dev.stagehand.testkit.TestStepContext;
import org.junit.jupiter.api.Test;

class ClickHouseClientTest {

    @Test
    void aDeploymentHasOneClientPerServerClosedWhenItsStoreCloses() throws Exception {
        TestClickHouse server = TestClickHouse.create();
        ClickHouseClient client;
        try (TestStepContext context = StepContexts.forStep("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAME\" />").variables(server.parameters()).file("a.sql", "SELECT 1")
                .build()) {
            DatabaseConnection connection = ClickHouseClient.connection(context);
            assertEquals("ClickHouse", connection.type());
            client = ClickHouseClient.of(context, connection);

            assertSame(client, ClickHouseClient.of(context, ClickHouseClient.connection(context)));
            assertEquals("1", client.execute(null, "SELECT 1").strip());
            assertFalse(client.closed());
        }
        assertTrue(client.closed(), "the store's end closed the client");
    }
}
