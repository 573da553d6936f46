package dev.stagehand.steps.mes;

import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plays the product's integration-entry processor in tests: when the deployment starts waiting (its
 * first progress event on integration entries), a thread of its own takes every Pending entry,
 * marks it Processing, then Processed, or Failed with the error message {@code failures} gives for
 * its name. It runs on its own connection, as the product would.
 */
final class Processor implements DeploymentListener, AutoCloseable {

    private final TestDatabase db;
    private final Map<String, String> failures;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final List<Future<List<String>>> runs = new ArrayList<>();

    Processor(TestDatabase db, Map<String, String> failures) {
        this.db = db;
        this.failures = Map.copyOf(failures);
    }

    @Override
    public void onEvent(DeploymentEvent event) {
        if (event instanceof DeploymentEvent.StepProgress p && p.unit().equals("integration entries") && p.done() == 0) {
            synchronized (runs) {
                runs.add(thread.submit(this::processPending));
            }
        }
    }

    /** The names processed by the runs, in order, once they are done. */
    List<String> processed() throws Exception {
        List<String> names = new ArrayList<>();
        synchronized (runs) {
            for (Future<List<String>> run : runs) {
                names.addAll(run.get());
            }
        }
        return names;
    }

    private List<String> processPending() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect()) {
            List<String[]> pending = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT Id, Name FROM T_MesIntegrationEntry"
                    + " WHERE Status = 'Pending' ORDER BY StepIndex, Name"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    pending.add(new String[] {r.getString(1), r.getString(2)});
                }
            }
            for (String[] entry : pending) {
                update(c, entry[0], "Processing", null);
                String error = failures.get(entry[1]);
                update(c, entry[0], error == null ? "Processed" : "Failed", error);
                names.add(entry[1]);
            }
        }
        return names;
    }

    private static void update(Connection c, String id, String status, String error) throws Exception {
        try (PreparedStatement s = c.prepareStatement("UPDATE T_MesIntegrationEntry SET Status = ?, ErrorMessage = ?,"
                + " ProcessedAt = ? WHERE Id = ?")) {
            s.setString(1, status);
            s.setString(2, error);
            s.setTimestamp(3, status.equals("Processing") ? null : Timestamp.from(Instant.now()));
            s.setString(4, id);
            s.executeUpdate();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
