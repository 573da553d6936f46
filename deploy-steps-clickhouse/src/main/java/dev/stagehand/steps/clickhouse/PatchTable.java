package dev.stagehand.steps.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Store;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The patch journal of one ClickHouse database, {@code T_DatabasePatches}: created when missing
 * with an engine every release has ({@code ReplacingMergeTree} ordered by {@code PatchId}, so two
 * rows of one patch written at once merge into one), read once per deployment (one object per
 * server, user and database in the deployment's store). Only patches that ran to the end are
 * recorded: ClickHouse has no transactions, so a failed patch leaves no row and runs again.
 */
final class PatchTable {

    static final String TABLE = "T_DatabasePatches";

    private record Key(String server, String database) {
    }

    private final ClickHouseClient client;
    private final String database;
    private Map<String, String> applied;
    private boolean exists;

    private PatchTable(ClickHouseClient client, String database) {
        this.client = client;
        this.database = database;
    }

    static PatchTable of(StepContext context, ClickHouseClient client, String database) throws Exception {
        return context.store(Store.Scope.DEPLOYMENT).getOrCompute(new Key(client.describe(), database),
                PatchTable.class, () -> new PatchTable(client, database));
    }

    /** The checksum a patch was recorded with ({@code ""} when none), empty when it is not recorded. */
    synchronized Optional<String> applied(String patchId) throws Exception {
        if (applied == null) {
            Map<String, String> rows = new HashMap<>();
            exists = tableExists();
            if (exists) {
                for (JsonNode row : client.rows(database, "SELECT PatchId, Checksum FROM " + qualified())) {
                    rows.put(row.path(0).asText(), row.path(1).asText(""));
                }
            }
            applied = rows;
        }
        return Optional.ofNullable(applied.get(patchId));
    }

    /** Creates the table when missing; before a patch's scripts run, so that a script can record its own id. */
    synchronized void create() throws Exception {
        if (applied == null) {
            applied(""); // reads the table, and whether it exists
        }
        if (!exists) {
            client.execute(database, "CREATE TABLE IF NOT EXISTS " + qualified() + " (PatchId String,"
                    + " Description String DEFAULT '', Checksum String DEFAULT '', AppliedAt DateTime DEFAULT now(),"
                    + " AppliedBy String DEFAULT '', DurationMs UInt64 DEFAULT 0)"
                    + " ENGINE = ReplacingMergeTree(AppliedAt) ORDER BY PatchId");
            exists = true;
        }
    }

    /** Whether the table holds the patch now (a script may have written its row itself). */
    synchronized boolean recordedNow(String patchId) throws Exception {
        JsonNode rows = client.rows(database, "SELECT count() FROM " + qualified() + " WHERE PatchId = "
                + ClickHouseClient.literal(patchId));
        return rows.path(0).path(0).asLong(0) > 0;
    }

    /** Records a patch that ran to the end. */
    synchronized void record(String patchId, String description, String checksum, String appliedBy, long durationMs)
            throws Exception {
        client.execute(database, "INSERT INTO " + qualified()
                + " (PatchId, Description, Checksum, AppliedBy, DurationMs) VALUES ("
                + ClickHouseClient.literal(patchId) + ", " + ClickHouseClient.literal(description == null ? "" : description)
                + ", " + ClickHouseClient.literal(checksum) + ", " + ClickHouseClient.literal(appliedBy) + ", "
                + Math.max(0, durationMs) + ")");
        applied.put(patchId, checksum);
    }

    /** Remembers a row the patch's script wrote itself. */
    synchronized void recordedByScript(String patchId) {
        applied.putIfAbsent(patchId, "");
    }

    private boolean tableExists() throws IOException, InterruptedException, ClickHouseException {
        JsonNode rows = client.rows(null, "SELECT count() FROM system.tables WHERE database = "
                + ClickHouseClient.literal(database) + " AND name = " + ClickHouseClient.literal(TABLE));
        return rows.path(0).path(0).asLong(0) > 0;
    }

    private String qualified() {
        return ClickHouseClient.identifier(database) + "." + TABLE;
    }
}
