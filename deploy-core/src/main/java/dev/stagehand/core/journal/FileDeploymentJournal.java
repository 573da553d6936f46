package dev.stagehand.core.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stagehand.api.JournalException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.target.DeploymentTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * thousand, are appended to {@code steps.jsonl} one line each. A step that changed something (its
 * record names what an uninstall or rollback must undo) is forced to disk before the engine goes
 * on; a step that changed nothing, the common case of a re-run, is handed to the operating system
 * and made durable with the next forced line, the next write of {@code journal.json} or the end
 * of the deployment: only a crash of the machine can lose such lines, and then those steps, which
 * had nothing to do, run again. A line cut short by a crash is ignored (that step simply runs
 * again). When a
 * package version is installed, its step records that changed something move to
 * {@code changes/<package id>.jsonl}, which keeps those of the installed version and of the
 * version before it; the others are dropped when the deployment finishes.
 */
public final class FileDeploymentJournal implements DeploymentJournal {

    static final String FILE = "journal.json";
    static final String STEPS = "steps.jsonl";
    static final String CHANGES = "changes";

    /**
     * The mappers, made on first use: a plan into a fresh state folder reads and writes no journal,
     * and making an {@code ObjectMapper} (its {@code StdDateFormat}'s locale data, 570 classes) was
     * a sixth of such a command's start-up.
     */
    private static final class Json {
        static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        static final ObjectWriter LINE = JSON.writer().without(SerializationFeature.INDENT_OUTPUT);
    }

    /** The content of journal.json. */
    record State(int schemaVersion, List<InstalledPackage> installed, List<DeploymentRecord> deployments,
                 List<InstalledPackage> replaced) {
        State {
            installed = installed == null ? new ArrayList<>() : new ArrayList<>(installed);
            deployments = deployments == null ? new ArrayList<>() : new ArrayList<>(deployments);
            replaced = replaced == null ? new ArrayList<>() : new ArrayList<>(replaced);
        }
    }

    private final JournalFiles files;
    private final State state;
    private final List<StepRecord> steps = new ArrayList<>();
    private final Map<String, StepRecord> completed = new HashMap<>();
    /**
     * Whether steps.jsonl ends in a line cut short (a deployer killed while appending it): the
     * next line then starts on a line of its own, or the torn part would spoil it too.
     */
    private boolean tornTail;

    private FileDeploymentJournal(JournalFiles files, State state) {
        this.files = files;
        this.state = state;
        Optional<byte[]> content = read(files, STEPS);
        steps.addAll(parseLines(files, STEPS, content));
        steps.forEach(r -> completed.put(key(r), r));
        tornTail = content.isPresent() && content.get().length > 0 && content.get()[content.get().length - 1] != '\n';
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
        return open(new LocalJournalFiles(stateFolder));
    }

    /**
     * Opens the journal kept on a target, in {@code .deploy/} of its base folder, read and written
     * through the target's own file operations; it locks the target when the target can create a
     * file exclusively ({@link dev.stagehand.api.target.ExclusiveCreation}).
     *
     * @param target the target
     * @return its journal
     * @throws JournalException naming the target's file when it cannot be read
     */
    public static FileDeploymentJournal onTarget(DeploymentTarget target) {
        return open(new TargetJournalFiles(target));
    }

    /**
     * Takes the lock of the journal kept on a target, as {@code onTarget(target).lock(request)}
     * does, without reading the journal first: what it says is read once the lock is held.
     *
     * @param target  the target
     * @param request who asks, how long to wait and when a lock expires
     * @return the lock; empty when the target cannot create files exclusively
     * @throws InterruptedException when interrupted while waiting for it
     * @throws JournalException when the target's journal folder cannot be used
     */
    public static Optional<JournalLock> lockOnTarget(DeploymentTarget target, LockRequest request)
            throws InterruptedException {
        return lock(new TargetJournalFiles(target), request);
    }

    private static Optional<JournalLock> lock(JournalFiles files, LockRequest request) throws InterruptedException {
        try {
            return files.lock(request);
        } catch (IOException e) {
            throw new JournalException("the state folder cannot be used: " + e, Location.ofFile(files.describe(".")), e);
        }
    }

    static FileDeploymentJournal open(JournalFiles files) {
        try {
            Optional<byte[]> content = files.read(FILE);
            State state = content.isPresent() ? Json.JSON.readValue(content.get(), State.class)
                    : new State(1, null, null, null);
            return new FileDeploymentJournal(files, state);
        } catch (IOException e) {
            throw new JournalException("the journal cannot be read: " + e.getMessage(),
                    Location.ofFile(files.describe(FILE)), e);
        }
    }

    /** {@return the local state folder, empty for a journal kept on a target} */
    public Optional<Path> folder() {
        return files instanceof LocalJournalFiles local ? Optional.of(local.folder()) : Optional.empty();
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
            byte[] line = ((tornTail ? "\n" : "") + Json.LINE.writeValueAsString(record) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            if (changedSomething(record)) {
                files.append(STEPS, line);
            } else {
                // One fsync per step was most of an all-applied re-run (1,000 patches: 300 ms of 350).
                files.appendLazily(STEPS, line);
            }
            tornTail = false;
        } catch (IOException e) {
            throw failure(files, STEPS, e);
        }
        steps.add(record);
        completed.put(key(record), record);
    }

    /** Whether the record names a change; the mark of a step that cannot be undone is none. */
    private static boolean changedSomething(StepRecord record) {
        return record.changes() != null && record.changes().stream().anyMatch(c -> !ChangeRecord.IRREVERSIBLE.equals(c.kind()));
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
        String changes = changesFile(record.packageId());
        List<StepRecord> before = readLines(files, changes);
        List<StepRecord> kept = ChangeRetention.kept(before, previous, record, ofVersion);
        if (kept.isEmpty() && !exists(changes)) {
            return;
        }
        writeLines(files, changes, kept);
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
        String changes = changesFile(packageId);
        // An empty file, not none: a journal kept on a target writes files and never deletes them.
        writeLines(files, changes, restored == null ? List.of() : readLines(files, changes).stream()
                .filter(r -> r.version().equals(restored.version())).toList());
    }

    @Override
    public synchronized void stepsUndone(String deploymentId) {
        steps.removeIf(s -> s.deploymentId().equals(deploymentId));
        completed.values().removeIf(s -> s.deploymentId().equals(deploymentId));
        compactSteps();
    }

    @Override
    public synchronized List<StepRecord> recordedChanges(String packageId) {
        return readLines(files, changesFile(packageId));
    }

    private static String changesFile(String packageId) {
        // Package ids hold only letters, digits, '.', '_' and '-': they name files safely.
        return CHANGES + "/" + packageId.toLowerCase(Locale.ROOT) + ".jsonl";
    }

    private boolean exists(String name) {
        try {
            return files.read(name).isPresent();
        } catch (IOException e) {
            throw new JournalException("the journal cannot be read: " + e.getMessage(),
                    Location.ofFile(files.describe(name)), e);
        }
    }

    /** Rewrites steps.jsonl with the lines still needed (those of versions not installed). */
    private void compactSteps() {
        if (exists(STEPS)) {
            writeLines(files, STEPS, steps);
            tornTail = false;
        }
    }

    /**
     * The lock file of the journal's folder ({@code lock.json}), taken over at once from a dead
     * process of this machine; on a target, empty when the target cannot create files exclusively.
     */
    @Override
    public Optional<JournalLock> lock(LockRequest request) throws InterruptedException {
        return lock(files, request);
    }

    private void save() {
        try {
            // journal.json never gets ahead of the step lines it follows.
            files.force(STEPS);
            files.write(FILE, Json.JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw failure(files, FILE, e);
        }
    }

    private static List<StepRecord> readLines(JournalFiles files, String name) {
        return parseLines(files, name, read(files, name));
    }

    private static Optional<byte[]> read(JournalFiles files, String name) {
        try {
            return files.read(name);
        } catch (IOException e) {
            throw failure(files, name, e);
        }
    }

    private static List<StepRecord> parseLines(JournalFiles files, String name, Optional<byte[]> content) {
        if (content.isEmpty()) {
            return List.of();
        }
        List<StepRecord> records = new ArrayList<>();
        for (String line : new String(content.get(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(Json.JSON.readValue(line, StepRecord.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
                // The last line of a process killed while appending it: that step runs again.
                LoggerHolder.LOG.debug("ignoring a torn line of {}: {}", files.describe(name),
                        torn.getOriginalMessage());
            }
        }
        return records;
    }

    private static void writeLines(JournalFiles files, String name, List<StepRecord> records) {
        try {
            StringBuilder lines = new StringBuilder();
            for (StepRecord record : records) {
                lines.append(Json.LINE.writeValueAsString(record)).append('\n');
            }
            files.write(name, lines.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failure(files, name, e);
        }
    }

    private static JournalException failure(JournalFiles files, String name, IOException e) {
        return new JournalException("cannot write the journal: " + e.getMessage(), Location.ofFile(files.describe(name)),
                e);
    }

    private static final class LoggerHolder {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileDeploymentJournal.class);
    }
}
