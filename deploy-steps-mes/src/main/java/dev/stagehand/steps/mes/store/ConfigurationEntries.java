package dev.stagehand.steps.mes.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The rows of {@value MesSchema#CONFIGURATION}: a configuration path and its value, with the
 * value it had before the last change, when and by which deployment that change was made.
 */
public final class ConfigurationEntries {

    private ConfigurationEntries() {
    }

    /** An entry as stored. */
    public record Entry(String path, String value, String valueType, String previousValue, String changedBy) {
    }

    /** What {@link #set} did. */
    public enum Outcome { CREATED, CHANGED, UNCHANGED }

    public static Optional<Entry> read(Connection c, String path) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT EntryPath, EntryValue, ValueType, PreviousValue,"
                + " ChangedByDeployment FROM " + MesSchema.CONFIGURATION + " WHERE EntryPath = ?")) {
            s.setString(1, path);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Entry(r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4), r.getString(5))) : Optional.empty();
            }
        }
    }

    /**
     * Sets an entry to {@code value}: created when missing, else changed with its old value kept
     * as the previous one; nothing is written when it already holds that value and type.
     *
     * @param valueType the type to store, null to keep the entry's (or {@code String} for a new one)
     */
    public static Outcome set(Connection c, String path, String value, String valueType, String deploymentId,
                              Optional<Entry> existing) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        if (existing.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + MesSchema.CONFIGURATION + " (EntryPath,"
                    + " EntryValue, ValueType, PreviousValue, ChangedAt, ChangedByDeployment) VALUES (?, ?, ?, NULL, ?, ?)")) {
                s.setString(1, path);
                s.setString(2, value);
                s.setString(3, valueType == null ? "String" : valueType);
                s.setTimestamp(4, now);
                s.setString(5, deploymentId);
                s.executeUpdate();
            }
            return Outcome.CREATED;
        }
        Entry old = existing.get();
        String type = valueType == null ? old.valueType() : valueType;
        if (java.util.Objects.equals(old.value(), value) && type.equals(old.valueType())) {
            return Outcome.UNCHANGED;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE " + MesSchema.CONFIGURATION + " SET EntryValue = ?,"
                + " ValueType = ?, PreviousValue = ?, ChangedAt = ?, ChangedByDeployment = ? WHERE EntryPath = ?")) {
            s.setString(1, value);
            s.setString(2, type);
            s.setString(3, old.value());
            s.setTimestamp(4, now);
            s.setString(5, deploymentId);
            s.setString(6, path);
            s.executeUpdate();
        }
        return Outcome.CHANGED;
    }
}
