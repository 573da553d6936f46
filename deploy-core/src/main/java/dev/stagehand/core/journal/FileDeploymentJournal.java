package dev.stagehand.core.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stagehand.api.JournalException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.core.internal.engine.StateFolders;
import dev.stagehand.core.internal.engine.StateLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The default journal, in a state folder. {@code journal.json} holds the installed packages and
 * the deployments; every change rewrites it atomically (temporary file, fsync, rename), so a
 * crash leaves the old or the new one, never half of one. Finished steps, which come by the
 * thousand, are appended to {@code steps.jsonl} one line each and forced to disk before the
 * engine goes on; a line cut short by a crash is ignored (that step simply runs again). When a
 * package version is installed, its step records that changed something move to
 * {@code changes/<package id>.jsonl}, which keeps those of the installed version and of the
 * version before it; the others are dropped when the deployment finishes.
 */
public final class FileDeploymentJournal implements DeploymentJournal {

    static final String FILE = "journal.json";
    static final String STEPS = "steps.jsonl";
    static final String CHANGES = "changes";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectWriter LINE = JSON.writer().without(SerializationFeature.INDENT_OUTPUT);

    /** The content of journal.json. */
    record State(int schemaVersion, List<InstalledPackage> installed, List<DeploymentRecord> deployments,
                 List<InstalledPackage> replaced) {
        State {
            installed = installed == null ? new ArrayList<>() : new ArrayList<>(installed);
            deployments = deployments == null ? new ArrayList<>() : new ArrayList<>(deployments);
            replaced = replaced == null ? new ArrayList<>() : new ArrayList<>(replaced);
        }
    }

    private final Path folder;
    private final Path file;
    private final Path stepsFile;
    private final State state;
    private final List<StepRecord> steps = new ArrayList<>();
    private final Map<String, StepRecord> completed = new HashMap<>();

    private FileDeploymentJournal(Path folder, State state) throws IOException {
        this.folder = folder;
        this.file = folder.resolve(FILE);
        this.stepsFile = folder.resolve(STEPS);
        this.state = state;
        steps.addAll(readLines(stepsFile));
        steps.forEach(r -> completed.put(key(r), r));
    }

    private static String key(String packageId, String version, int stepIndex, PipelineStage stage, String target) {
        return packageId.toLowerCase(Locale.ROOT) + "@" + version + "#" + stepIndex + "/" + stage + "/" + target;
    }

    private static String key(StepRecord r) {
        return key(r.packageId(), r.version(), r.stepIndex(), r.stage(), r.target());
    }

    /**
     * Opens the journal of a state folder; an absent folder or file is an empty journal (created on first write).
     *
     * @param stateFolder the state folder ({@code .deploy})
     * @return the journal
     * @throws JournalException naming the file when it cannot be read
     */
    public static FileDeploymentJournal open(Path stateFolder) {
        Path file = stateFolder.resolve(FILE);
        try {
            State state = Files.exists(file) ? JSON.readValue(file.toFile(), State.class) : new State(1, null, null, null);
            return new FileDeploymentJournal(stateFolder, state);
        } catch (IOException e) {
            throw new JournalException("the journal cannot be read: " + e.getMessage(), Location.ofFile(file.toString()),
                    e);
        }
    }

    /** {@return the state folder this journal lives in} */
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
            StateFolders.create(folder);
            boolean made = !Files.exists(stepsFile);
            byte[] line = (LINE.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(stepsFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap(line));
                channel.force(false);
            }
            if (made) {
                StateFolders.ownerOnly(stepsFile);
            }
        } catch (IOException e) {
            throw failure(stepsFile, e);
        }
        steps.add(record);
        completed.put(key(record), record);
    }

    @Override
    public synchronized Optional<StepRecord> completedStep(String packageId, String version, int stepIndex,
                                                           PipelineStage stage, String target) {
        return Optional.ofNullable(completed.get(key(packageId, version, stepIndex, stage, target)));
    }

    @Override
    public synchronized void packageInstalled(InstalledPackage record) {
        String previous = installed(record.packageId()).map(InstalledPackage::version).orElse(null);
        List<StepRecord> ofVersion = ChangeRetention.ofVersion(steps, record);
        keepChanges(record, previous, ofVersion);
        installed(record.packageId()).filter(p -> !p.version().equals(record.version())).ifPresent(p -> {
            state.replaced().removeIf(r -> r.packageId().equalsIgnoreCase(record.packageId()));
            state.replaced().add(p);
        });
        state.installed().removeIf(p -> p.packageId().equalsIgnoreCase(record.packageId()));
        state.installed().add(record);
        // The step lines of this version stay on disk until the deployment finishes; a crash
        // before that only leaves lines for a version the journal already calls installed.
        // By the predicate, not removeAll(ofVersion): that compares every record with every other.
        steps.removeIf(s -> ChangeRetention.isOf(s, record));
        ofVersion.forEach(s -> completed.remove(key(s)));
        save();
    }

    /** The records with changes of the version just installed join those of the version before it. */
    private void keepChanges(InstalledPackage record, String previous, List<StepRecord> ofVersion) {
        Path changes = changesFile(record.packageId());
        List<StepRecord> kept = ChangeRetention.kept(readLines(changes), previous, record, ofVersion);
        if (kept.isEmpty() && !Files.exists(changes)) {
            return;
        }
        writeLines(changes, kept);
    }

    @Override
    public synchronized Optional<InstalledPackage> replacedVersion(String packageId) {
        return state.replaced().stream().filter(p -> p.packageId().equalsIgnoreCase(packageId)).findFirst();
    }

    /**
     * The package's entry and step lines go; its change records keep those of {@code restored}'s
     * version (what a later rollback or uninstall of it needs), or go with the package.
     */
    @Override
    public synchronized void packageRemoved(String packageId, InstalledPackage restored) {
        state.installed().removeIf(p -> p.packageId().equalsIgnoreCase(packageId));
        state.replaced().removeIf(p -> p.packageId().equalsIgnoreCase(packageId));
        if (restored != null) {
            state.installed().add(restored);
        }
        steps.removeIf(s -> s.packageId().equalsIgnoreCase(packageId));
        completed.values().removeIf(s -> s.packageId().equalsIgnoreCase(packageId));
        // journal.json first: a crash before the change records are trimmed leaves records of a
        // version no longer installed, which the next install of the package drops anyway.
        save();
        Path changes = changesFile(packageId);
        if (restored == null) {
            try {
                Files.deleteIfExists(changes);
            } catch (IOException e) {
                throw failure(changes, e);
            }
        } else if (Files.exists(changes)) {
            writeLines(changes, readLines(changes).stream().filter(r -> r.version().equals(restored.version()))
                    .toList());
        }
    }

    @Override
    public synchronized void stepsUndone(String deploymentId) {
        steps.removeIf(s -> s.deploymentId().equals(deploymentId));
        completed.values().removeIf(s -> s.deploymentId().equals(deploymentId));
        compactSteps();
    }

    @Override
    public synchronized List<StepRecord> recordedChanges(String packageId) {
        return readLines(changesFile(packageId));
    }

    private Path changesFile(String packageId) {
        // Package ids hold only letters, digits, '.', '_' and '-': they name files safely.
        return folder.resolve(CHANGES).resolve(packageId.toLowerCase(Locale.ROOT) + ".jsonl");
    }

    /** Rewrites steps.jsonl with the lines still needed (those of versions not installed). */
    private void compactSteps() {
        if (Files.exists(stepsFile)) {
            writeLines(stepsFile, steps);
        }
    }

    /** The lock file of the journal's folder ({@code lock.json}), taken over at once from a dead process of this machine. */
    @Override
    public Optional<JournalLock> lock(LockRequest request) throws InterruptedException {
        try {
            return Optional.of(StateLock.acquire(folder, request));
        } catch (IOException e) {
            throw new JournalException("the state folder cannot be used: " + e, Location.ofFile(folder.toString()), e);
        }
    }

    private void save() {
        try {
            StateFolders.create(folder);
            AtomicFiles.write(file, JSON.writeValueAsBytes(state), true);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static List<StepRecord> readLines(Path lines) {
        if (!Files.exists(lines)) {
            return List.of();
        }
        List<StepRecord> records = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(lines, StandardCharsets.UTF_8)) {
                try {
                    records.add(JSON.readValue(line, StepRecord.class));
                } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
                    // The last line of a process killed while appending it: that step runs again.
                    LoggerHolder.LOG.debug("ignoring a torn line of {}: {}", lines, torn.getOriginalMessage());
                }
            }
        } catch (IOException e) {
            throw failure(lines, e);
        }
        return records;
    }

    private static void writeLines(Path target, List<StepRecord> records) {
        try {
            StringBuilder lines = new StringBuilder();
            for (StepRecord record : records) {
                lines.append(LINE.writeValueAsString(record)).append('\n');
            }
            StateFolders.create(target.toAbsolutePath().getParent());
            AtomicFiles.write(target, lines.toString().getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw failure(target, e);
        }
    }

    private static JournalException failure(Path target, IOException e) {
        return new JournalException("cannot write the journal: " + e.getMessage(), Location.ofFile(target.toString()), e);
    }

    private static final class LoggerHolder {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileDeploymentJournal.class);
    }
}
