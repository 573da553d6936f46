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
 * The default journal, in a state folder. {@code journal.json} holds the installed packages and
 * the deployments; every change rewrites it atomically (temporary file, fsync, rename), so a
 * crash leaves the old or the new one, never half of one. Finished steps, which come by the
 * thousand, are appended to {@code steps.jsonl} one line each and forced to disk before the
 * engine goes on; a line cut short by a crash is ignored (that step simply runs again). The
 * lines of installed package versions are dropped when a deployment finishes.
 */
public final class FileDeploymentJournal implements DeploymentJournal {

    static final String FILE = "journal.json";
    static final String STEPS = "steps.jsonl";

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
    private final Path stepsFile;
    private final State state;
    private final java.util.Set<String> completed = new java.util.HashSet<>();

    private FileDeploymentJournal(Path folder, State state) throws IOException {
        this.folder = folder;
        this.file = folder.resolve(FILE);
        this.stepsFile = folder.resolve(STEPS);
        this.state = state;
        if (Files.exists(stepsFile)) {
            for (String line : Files.readAllLines(stepsFile)) {
                try {
                    state.steps().add(JSON.readValue(line, StepRecord.class));
                } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
                    // the last line of a process killed while appending it
                }
            }
        }
        state.steps().forEach(r -> completed.add(key(r.packageId(), r.version(), r.stepIndex(), r.stage(), r.target())));
    }

    private static String key(String packageId, String version, int stepIndex, PipelineStage stage, String target) {
        return packageId.toLowerCase(java.util.Locale.ROOT) + "@" + version + "#" + stepIndex + "/" + stage + "/"
                + target;
    }

    /** Opens the journal of a state folder; an absent folder or file is an empty journal (created on first write). */
    public static FileDeploymentJournal open(Path stateFolder) {
        Path file = stateFolder.resolve(FILE);
        try {
            State state = Files.exists(file) ? JSON.readValue(file.toFile(), State.class) : new State(1, null, null, null);
            return new FileDeploymentJournal(stateFolder, state);
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
        compactSteps();
    }

    @Override
    public synchronized void stepCompleted(StepRecord record) {
        try {
            Files.createDirectories(folder);
            byte[] line = (JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(stepsFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(java.nio.ByteBuffer.wrap(line));
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + stepsFile, e);
        }
        state.steps().add(record);
        completed.add(key(record.packageId(), record.version(), record.stepIndex(), record.stage(), record.target()));
    }

    @Override
    public synchronized boolean isStepCompleted(String packageId, String version, int stepIndex, PipelineStage stage,
                                                String target) {
        return completed.contains(key(packageId, version, stepIndex, stage, target));
    }

    @Override
    public synchronized void packageInstalled(InstalledPackage record) {
        state.installed().removeIf(p -> p.packageId().equalsIgnoreCase(record.packageId()));
        state.installed().add(record);
        // The step lines of this version stay on disk until the deployment finishes; a crash
        // before that only leaves lines for a version the journal already calls installed.
        state.steps().removeIf(s -> s.packageId().equalsIgnoreCase(record.packageId())
                && s.version().equals(record.version()));
        completed.removeIf(k -> k.startsWith(record.packageId().toLowerCase(java.util.Locale.ROOT) + "@"
                + record.version() + "#"));
        save();
    }

    /** Rewrites steps.jsonl with the lines still needed (those of versions not installed). */
    private void compactSteps() {
        try {
            if (!Files.exists(stepsFile)) {
                return;
            }
            StringBuilder lines = new StringBuilder();
            for (StepRecord record : state.steps()) {
                lines.append(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record))
                        .append('\n');
            }
            writeAtomically(stepsFile, lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + stepsFile, e);
        }
    }

    private void save() {
        try {
            writeAtomically(file, JSON.writeValueAsBytes(new State(state.schemaVersion(), state.installed(),
                    state.deployments(), List.of())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file, e);
        }
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
