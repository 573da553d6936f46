package dev.stagehand.steps.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The body of H2's {@code Control.P_EnqueueCommand} (H2 procedures are Java methods). */
public final class QueueProcedure {

    private QueueProcedure() {
    }

    public static void enqueue(Connection connection, UUID batch, String queue, String command) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO Control.T_Queue (BatchExecutionId, QueueName, CommandText) VALUES (?, ?, ?)")) {
            s.setObject(1, batch);
            s.setString(2, queue);
            s.setString(3, command);
            s.executeUpdate();
        }
    }
}
