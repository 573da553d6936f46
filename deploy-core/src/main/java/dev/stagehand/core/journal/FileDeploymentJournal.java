package dev.stagehand.core.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The default journal: one JSON file, {@code journal.json}, in a state folder. Every change
 * rewrites it atomically (temporary file, fsync, rename), so a crash leaves the old or the new
 * journal, never half of one.
 */
public final class FileDeploymentJournal implements DeploymentJournal {

    static final String FILE = "journal.json";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The file's content. */
    record State(int schemaVersion, List<InstalledPackage> installed, List<DeploymentRecord> deployments,
                 List<StepRecord> steps) {
        State {
            installed = installed == null ? new ArrayList<>() : new ArrayList<>(installed);
            deployments = deployments == null ? new ArrayList<>() : new ArrayList<>(deployments);
            steps = steps == null ? new ArrayList<>() : new ArrayList<>(steps);
        }
    }

    private final Path folder;
    private final Path file;
    private State state;

    private FileDeploymentJournal(Path folder, State state) {
        this.folder = folder;
        this.file = folder.resolve(FILE);
        this.state = state;
    }

    /** Opens the journal of a state folder; an absent folder or file is an empty journal (created on first write). */
    public static FileDeploymentJournal open(Path stateFolder) {
        Path file = stateFolder.resolve(FILE);
        if (!Files.exists(file)) {
            return new FileDeploymentJournal(stateFolder, new State(1, null, null, null));
        }
        try {
            return new FileDeploymentJournal(stateFolder, JSON.readValue(file.toFile(), State.class));
        } catch (IOException e) {
            throw new DeploymentException("the journal cannot be read: " + e.getMessage(),
                    Location.ofFile(file.toString()), e);
        }
    }

    public Path folder() {
        return folder;
    }

    @Override
    public synchronized List<InstalledPackage> installedPackages() {
        return List.copyOf(state.installed());
    }

    @Override
    public synchronized List<DeploymentRecord> deployments() {
        List<DeploymentRecord> newestFirst = new ArrayList<>(state.deployments());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public synchronized void deploymentStarted(DeploymentRecord record) {
        state.deployments().add(record);
        save();
    }

    @Override
    public synchronized void deploymentFinished(DeploymentRecord record) {
        state.deployments().replaceAll(d -> d.id().equals(record.id()) ? record : d);
        save();
    }

    @Override
    public synchronized void stepCompleted(StepRecord record) {
        state.steps().add(record);
        save();
    }

    @Override
    public synchronized boolean isStepCompleted(String packageId, String version, int stepIndex, PipelineStage stage) {
        return state.steps().stream().anyMatch(s -> s.packageId().equalsIgnoreCase(packageId)
                && s.version().equals(version) && s.stepIndex() == stepIndex && s.stage() == stage);
    }

    @Override
    public synchronized void packageInstalled(InstalledPackage record) {
        state.installed().removeIf(p -> p.packageId().equalsIgnoreCase(record.packageId()));
        state.installed().add(record);
        state.steps().removeIf(s -> s.packageId().equalsIgnoreCase(record.packageId())
                && s.version().equals(record.version()));
        save();
    }

    private void save() {
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, FILE, ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(state)));
                    channel.force(true);
                }
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file, e);
        }
    }
}
