package dev.stagehand.steps.mes.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The rows of {@value MesSchema#INTEGRATION_ENTRIES}: written {@code Pending} by the steps, moved
 * to {@code Processing} and then {@code Processed} or {@code Failed} (with an error message) by
 * whatever processes them in the product. The entries one package version creates in one
 * deployment share a batch, which is what {@code waitForIntegrationEntries} waits for.
 */
public final class IntegrationEntries {

    public static final String PENDING = "Pending";
    public static final String PROCESSING = "Processing";
    public static final String PROCESSED = "Processed";
    public static final String FAILED = "Failed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private IntegrationEntries() {
    }

    /**
     * One entry to create.
     *
     * @param name        what it is called (its file's name)
     * @param messageType the message type its handler is resolved by ({@code ImportObjects}, ...)
     * @param content     the message's content
     * @param attributes  the handler-resolution attributes (the step's other attributes)
     */
    public record NewEntry(String name, String messageType, byte[] content, Map<String, String> attributes) {
        public NewEntry {
            attributes = Map.copyOf(attributes);
        }
    }

    /** Where entries come from: a step of a package version in a deployment. */
    public record Origin(String packageId, String packageVersion, int stepIndex, String deploymentId) {

        /** The batch of the package version's entries in this deployment. */
        public String batch() {
            return IntegrationEntries.batch(deploymentId, packageId, packageVersion);
        }
    }

    /** An entry as the processor left it. */
    public record EntryState(String id, String name, int stepIndex, String status, String errorMessage) {

        public boolean finished() {
            return PROCESSED.equalsIgnoreCase(status) || FAILED.equalsIgnoreCase(status);
        }

        public boolean failed() {
            return FAILED.equalsIgnoreCase(status);
        }
    }

    /** The batch of a package version's entries in a deployment: the same for every step of it. */
    public static String batch(String deploymentId, String packageId, String packageVersion) {
        return UUID.nameUUIDFromBytes(("stagehand-mes-batch:" + deploymentId + "/" + packageId + "@" + packageVersion)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The handler-resolution attributes as stored: a JSON object, names sorted. */
    public static String attributesJson(Map<String, String> attributes) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(attributes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** Inserts the entries {@code Pending}, in order; their ids. */
    public static List<String> insert(Connection c, Origin origin, List<NewEntry> entries) throws SQLException {
        List<String> ids = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + MesSchema.INTEGRATION_ENTRIES + " (Id, Name,"
                + " MessageType, Content, Batch, PackageId, PackageVersion, StepIndex, Attributes, Status, CreatedAt,"
                + " CreatedByDeployment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NewEntry entry : entries) {
                String id = UUID.randomUUID().toString();
                s.setString(1, id);
                s.setString(2, entry.name());
                s.setString(3, entry.messageType());
                s.setBytes(4, entry.content());
                s.setString(5, origin.batch());
                s.setString(6, origin.packageId());
                s.setString(7, origin.packageVersion());
                s.setInt(8, origin.stepIndex());
                s.setString(9, attributesJson(entry.attributes()));
                s.setString(10, PENDING);
                s.setTimestamp(11, now);
                s.setString(12, origin.deploymentId());
                s.addBatch();
                ids.add(id);
            }
            s.executeBatch();
        }
        return ids;
    }

    /**
     * The batch whose entries a package version waits for: the one of this deployment when it
     * created entries, else the package version's latest (a resumed deployment whose steps had
     * created them before it failed).
     */
    public static Optional<String> batchToWaitFor(Connection c, String deploymentId, String packageId,
                                                  String packageVersion) throws SQLException {
        String mine = batch(deploymentId, packageId, packageVersion);
        try (PreparedStatement s = c.prepareStatement("SELECT Batch, CreatedAt FROM " + MesSchema.INTEGRATION_ENTRIES
                + " WHERE PackageId = ? AND PackageVersion = ? ORDER BY CreatedAt DESC")) {
            s.setString(1, packageId);
            s.setString(2, packageVersion);
            s.setMaxRows(1_000);
            String latest = null;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (mine.equals(r.getString(1))) {
                        return Optional.of(mine);
                    }
                    if (latest == null) {
                        latest = r.getString(1);
                    }
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    /** The entries of a batch, in the order they were created (step, then name). */
    public static List<EntryState> states(Connection c, String batch) throws SQLException {
        List<EntryState> states = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT Id, Name, StepIndex, Status, ErrorMessage FROM "
                + MesSchema.INTEGRATION_ENTRIES + " WHERE Batch = ? ORDER BY StepIndex, Name, Id")) {
            s.setString(1, batch);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    states.add(new EntryState(r.getString(1), r.getString(2), r.getInt(3), r.getString(4),
                            r.getString(5)));
                }
            }
        }
        return states;
    }
}
