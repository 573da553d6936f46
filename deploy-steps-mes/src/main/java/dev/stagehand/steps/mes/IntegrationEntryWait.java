package dev.stagehand.steps.mes;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.PackageContext;
import dev.stagehand.steps.mes.store.IntegrationEntries;
import dev.stagehand.steps.mes.store.IntegrationEntries.EntryState;
import dev.stagehand.steps.mes.store.MesDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Waits, bounded, for a package version's integration entries to be processed by whatever
 * processes them, reporting progress as they finish; fails with the entries' own error messages
 * when any failed, and naming those still open when the time is up. It polls the entries' rows
 * (their status is all the product tells), at first often, then every two seconds.
 */
final class IntegrationEntryWait {

    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 2_000;

    private final MesDatabase database;
    private final PackageContext context;
    private final long timeoutSeconds;
    private final Set<Integer> steps;

    /**
     * @param steps the step indexes whose entries to wait for; null for every entry of the package
     */
    IntegrationEntryWait(MesDatabase database, PackageContext context, long timeoutSeconds, Set<Integer> steps) {
        this.database = database;
        this.context = context;
        this.timeoutSeconds = timeoutSeconds;
        this.steps = steps;
    }

    void await() throws SQLException, InterruptedException {
        Connection c = database.session().jdbc();
        c.setAutoCommit(true);
        String coordinates = context.manifest().coordinates();
        Optional<String> batch = IntegrationEntries.batchToWaitFor(c, context.deploymentId(), context.manifest().id(),
                context.manifest().version());
        if (batch.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long pause = FIRST_PAUSE_MILLIS;
        long reported = -1;
        context.log().info("waiting up to {} s for the integration entries of {} (batch {})", timeoutSeconds,
                coordinates, batch.get());
        while (true) {
            List<EntryState> entries = IntegrationEntries.states(c, batch.get()).stream()
                    .filter(e -> steps == null || steps.contains(e.stepIndex())).toList();
            if (entries.isEmpty()) {
                return;
            }
            long finished = entries.stream().filter(EntryState::finished).count();
            if (finished != reported) {
                context.progress(finished, entries.size(), "integration entries");
                reported = finished;
            }
            if (finished == entries.size()) {
                List<EntryState> failed = entries.stream().filter(EntryState::failed).toList();
                if (!failed.isEmpty()) {
                    throw new DeploymentException(failed.size() + " of " + entries.size() + " integration entries of "
                            + coordinates + " failed: " + failed.stream().map(IntegrationEntryWait::describe)
                            .collect(Collectors.joining("; ")), context.location());
                }
                context.log().info("the {} integration entries of {} are processed", entries.size(), coordinates);
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                List<EntryState> open = entries.stream().filter(e -> !e.finished()).toList();
                List<EntryState> failed = entries.stream().filter(EntryState::failed).toList();
                throw new DeploymentException(open.size() + " of " + entries.size() + " integration entries of "
                        + coordinates + " are not processed after " + timeoutSeconds + " s ("
                        + AbstractIntegrationEntryStepHandler.TIMEOUT_VARIABLE + "): " + open.stream()
                        .map(e -> e.name() + " (step " + e.stepIndex() + ", " + e.status() + ")")
                        .collect(Collectors.joining(", ")) + (failed.isEmpty() ? "" : "; failed: " + failed.stream()
                        .map(IntegrationEntryWait::describe).collect(Collectors.joining("; "))), context.location());
            }
            Thread.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    private static String describe(EntryState entry) {
        String message = entry.errorMessage() == null || entry.errorMessage().isBlank() ? "no error message"
                : entry.errorMessage().strip();
        return entry.name() + " (step " + entry.stepIndex() + "): " + message;
    }
}
