package dev.stagehand.jdbc;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.JournalException;
import dev.stagehand.api.Location;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockHolder;
import dev.stagehand.api.journal.LockRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock kept as a row of {@value #TABLE} (created when missing), as Flyway keeps its lock: the
 * row names its holder and carries a heartbeat the holder refreshes every third of the expiry.
 * Whoever finds the row taken takes it over at once when the holder ran on its machine and is
 * {@linkplain LockHolder#provedDead() proved dead}, and after the expiry without a heartbeat
 * otherwise. Every change to the row is conditional on the token of the holder it expects
 * (compare and replace), so a holder that stalled never overwrites the lock of the one that took
 * over: its heartbeat updates no row, and it learns it lost the lock. Works on any database with
 * primary keys; it runs on a connection of its own, so the journal's commits do not touch it.
 * Heartbeats are stamped with the deployers' clocks, which should agree to well within the expiry.
 */
public final class LeaseLock implements JournalLock {

    static final String TABLE = "T_StagehandJournalLock";
    private static final Logger LOG = LoggerFactory.getLogger(LeaseLock.class);

    private final JdbcSession session;
    private final String resource;
    private final String token;
    private final Clock clock;
    private final long expiryMillis;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;
    private long lastBeat;

    private LeaseLock(JdbcSession session, String resource, String token, LockRequest request) {
        this.session = session;
        this.resource = resource;
        this.token = token;
        this.clock = request.clock();
        this.expiryMillis = request.expiry().toMillis();
        this.lastBeat = clock.millis();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stagehand-journal-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, expiryMillis / 3);
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** The holder found in the row, its token and its last heartbeat. */
    private record Found(String token, LockHolder holder, long heartbeatAt) {
    }

    /**
     * Takes the lock named {@code resource} on the session's own connection, waiting up to the
     * request's wait; the session is the lock's from then on and closed with it.
     *
     * @param session the session whose database holds the lock row; the lock's from now on
     * @param resource the lock's name
     * @param request who asks, how long to wait and when a holder without a heartbeat expires
     * @param where the database as messages name it (its masked URL)
     * @return the lock, whose heartbeat keeps it until it is closed
     * @throws InterruptedException when the thread is interrupted while it waits
     * @throws DeploymentException naming the holder when the lock stays taken
     * @throws JournalException    when the database refuses the row for another reason than a holder
     */
    public static LeaseLock acquire(JdbcSession session, String resource, LockRequest request, String where)
            throws InterruptedException {
        String token = UUID.randomUUID().toString();
        LockHolder me = request.holder();
        long deadline = System.nanoTime() + request.maxWait().toNanos();
        long pause = 50;
        try {
            Connection c = session.jdbc();
            c.setAutoCommit(true);
            session.type().createTableIfMissing(c, TABLE, "LockId VARCHAR(255) NOT NULL PRIMARY KEY,"
                    + " Token VARCHAR(64) NOT NULL, Owner VARCHAR(255), Host VARCHAR(255), BootId VARCHAR(64),"
                    + " Pid BIGINT, ProcessStart BIGINT, DeploymentId VARCHAR(100), AcquiredAt BIGINT,"
                    + " HeartbeatAt BIGINT NOT NULL");
            SQLException unexplained = null;
            while (true) {
                try {
                    insert(c, resource, token, me, request.clock().millis());
                    return new LeaseLock(session, resource, token, request);
                } catch (SQLException refused) {
                    Optional<Found> other = find(c, resource);
                    if (other.isEmpty()) {
                        // Released between our insert and our look, or an insert that failed for a
                        // reason of its own: that one is never swallowed.
                        if (unexplained != null) {
                            refused.addSuppressed(unexplained);
                            throw refused;
                        }
                        unexplained = refused;
                        continue;
                    }
                    unexplained = null;
                    Found holder = other.get();
                    String why = holder.holder().provedDead() ? "its process is gone"
                            : request.clock().millis() - holder.heartbeatAt() > request.expiry().toMillis()
                            ? "no heartbeat for longer than " + request.expiry().toSeconds() + " s" : null;
                    if (why != null) {
                        if (delete(c, resource, holder.token())) {
                            LOG.warn("taking over the journal lock of {}: {}", holder.holder().describe(), why);
                        }
                        continue;
                    }
                    if (System.nanoTime() >= deadline) {
                        session.close();
                        throw new DeploymentException("the journal is locked by " + holder.holder().describe()
                                + "; it is released when that deployment ends, taken over at once if that process dies"
                                + " on its machine, or " + request.expiry().toSeconds() + " s after its last heartbeat"
                                + " if it ran elsewhere", Location.ofFile(where));
                    }
                    Thread.sleep(pause);
                    pause = Math.min(pause * 2, 1000);
                }
            }
        } catch (SQLException e) {
            session.close();
            throw new JournalException("the journal lock cannot be taken: " + e.getMessage(), Location.ofFile(where), e);
        } catch (RuntimeException | InterruptedException e) {
            if (!(e instanceof DeploymentException)) {
                session.close();
            }
            throw e;
        }
    }

    private static void insert(Connection c, String resource, String token, LockHolder me, long now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (LockId, Token, Owner, Host, BootId,"
                + " Pid, ProcessStart, DeploymentId, AcquiredAt, HeartbeatAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, resource);
            s.setString(2, token);
            s.setString(3, me.owner());
            s.setString(4, me.host());
            s.setString(5, me.bootId());
            s.setLong(6, me.pid());
            s.setLong(7, me.processStart());
            s.setString(8, me.deploymentId());
            s.setLong(9, me.acquiredAt());
            s.setLong(10, now);
            s.executeUpdate();
        }
    }

    private static Optional<Found> find(Connection c, String resource) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT Token, Owner, Host, BootId, Pid, ProcessStart,"
                + " DeploymentId, AcquiredAt, HeartbeatAt FROM " + TABLE + " WHERE LockId = ?")) {
            s.setString(1, resource);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Found(r.getString(1), new LockHolder(r.getString(2), r.getString(3),
                        r.getString(4), r.getLong(5), r.getLong(6), r.getString(7), r.getLong(8)), r.getLong(9)));
            }
        }
    }

    /** Removes the row if it still holds {@code expected}; true when this call removed it. */
    private static boolean delete(Connection c, String resource, String expected) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + TABLE + " WHERE LockId = ? AND Token = ?")) {
            s.setString(1, resource);
            s.setString(2, expected);
            return s.executeUpdate() == 1;
        }
    }

    /** Refreshes the heartbeat if the row is still ours; no row updated means the lock was taken over. */
    synchronized void beat() {
        if (lost) {
            return;
        }
        try (PreparedStatement s = session.jdbc().prepareStatement("UPDATE " + TABLE + " SET HeartbeatAt = ?"
                + " WHERE LockId = ? AND Token = ?")) {
            long now = clock.millis();
            s.setLong(1, now);
            s.setString(2, resource);
            s.setString(3, token);
            if (s.executeUpdate() == 0) {
                lost = true;
                LOG.warn("the journal lock {} was taken over by another deployment", resource);
            } else {
                lastBeat = now;
            }
        } catch (SQLException e) {
            // Without a heartbeat for the expiry, others may take the lock over: from then on it is lost.
            if (clock.millis() - lastBeat > expiryMillis) {
                lost = true;
            }
            LOG.warn("could not refresh the journal lock heartbeat: {}", e.getMessage());
        }
    }

    @Override
    public boolean lost() {
        return lost;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                delete(session.jdbc(), resource, token);
            } catch (SQLException e) {
                LOG.warn("could not release the journal lock {} ({}); it is taken over when found", resource,
                        e.getMessage());
            } finally {
                session.close();
            }
        }
    }
}
