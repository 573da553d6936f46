package dev.stagehand.core.internal.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.LockHolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployments whose process ended before they did (killed, or the machine went down): the run
 * that holds the lock next closes their journal records as {@link DeploymentOutcome#INTERRUPTED}
 * and removes their work folders, which may hold tagged copies of files with secrets in them.
 * Every work folder names its run in {@value #OWNER}, so a folder is removed only when its run is
 * proved dead or was just closed as interrupted, so a dry run, which takes no lock, keeps its folder.
 */
public final class Interruptions {

    static final String OWNER = "owner.json";
    /** How long a folder without a readable owner may be a run that is making it right now. */
    private static final long UNCLAIMED_GRACE_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Interruptions.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DeploymentJournal journal;
    private final Path workRoot;
    private final Clock clock;

    public Interruptions(DeploymentJournal journal, Path workRoot, Clock clock) {
        this.journal = journal;
        this.workRoot = workRoot;
        this.clock = clock;
    }

    /** Makes a run's work folder, owner-only, with the run named in it. */
    public static void claim(Path workFolder, LockHolder run) throws IOException {
        StateFolders.create(workFolder.getParent());
        StateFolders.create(workFolder);
        Path owner = workFolder.resolve(OWNER);
        Files.write(owner, JSON.writeValueAsBytes(run));
        StateFolders.ownerOnly(owner);
    }

    /** Removes a work folder and all in it, when it exists. */
    public static void remove(Path workFolder) {
        try {
            if (Files.exists(workFolder)) {
                PathUtils.deleteDirectory(workFolder);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the work folder {}: {}", workFolder, e.getMessage());
        }
    }

    /**
     * Closes the deployments left running and removes the work folders of dead runs. Called with
     * the lock held, before anything is read for the new deployment.
     *
     * @param journalGuarded whether the lock held is the journal's own: then no other deployment can
     *                       be writing the journal, and every record still running is interrupted
     * @param closedBy       the deployment that closes them
     */
    public List<DeploymentRecord> closeDeadRuns(boolean journalGuarded, String closedBy) throws IOException {
        List<DeploymentRecord> closed = journalGuarded ? closeRunning(closedBy) : List.of();
        Set<String> ids = new HashSet<>();
        closed.forEach(r -> ids.add(r.id()));
        if (Files.isDirectory(workRoot)) {
            try (Stream<Path> folders = Files.list(workRoot)) {
                for (Path folder : folders.toList()) {
                    Optional<LockHolder> run = owner(folder);
                    boolean dead = run.map(LockHolder::provedDead)
                            // Left by an older version, or by a run killed while it made the folder.
                            .orElseGet(() -> age(folder) > UNCLAIMED_GRACE_MILLIS);
                    if (ids.contains(folder.getFileName().toString()) || dead) {
                        LOG.warn("removing the work folder of interrupted deployment {}", folder.getFileName());
                        remove(folder);
                    }
                }
            }
        }
        return closed;
    }

    private List<DeploymentRecord> closeRunning(String closedBy) {
        List<DeploymentRecord> closed = journal.deployments().stream()
                .filter(r -> r.outcome() == DeploymentOutcome.RUNNING && !r.id().equals(closedBy))
                .map(r -> new DeploymentRecord(r.id(), r.root(), r.user(), r.started(), clock.instant(),
                        DeploymentOutcome.INTERRUPTED, "interrupted: its process ended before the deployment did;"
                        + " closed by deployment " + closedBy + ", which resumes what it left"))
                .toList();
        for (DeploymentRecord record : closed) {
            LOG.warn("deployment {} of {} (started {} by {}) was interrupted; it is closed as such", record.id(),
                    record.root(), record.started(), record.user());
            journal.deploymentFinished(record);
        }
        return closed;
    }

    private static Optional<LockHolder> owner(Path folder) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(folder.resolve(OWNER)), LockHolder.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private long age(Path folder) {
        try {
            return clock.millis() - Files.getLastModifiedTime(folder).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
