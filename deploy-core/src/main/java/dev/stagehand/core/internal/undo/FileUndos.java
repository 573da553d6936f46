package dev.stagehand.core.internal.undo;

import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.FileUndo;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.spi.UndoStore;
import dev.stagehand.api.target.ContentHashing;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.api.target.FileTimes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Works out from change records what putting files back means, and does it through the target.
 * For each file: what the journal last recorded of it (to tell whether someone changed it since,
 * in which case it is kept and reported), and the state to put back: before the package first
 * wrote it (uninstall) or before the oldest deployment undone wrote it (rollback). Every action
 * first looks whether the file is in that state already, so a run killed half way and started
 * again converges.
 */
public final class FileUndos {

    /** A file to put back. */
    public record Restore(String path, FileUndo last, String goal, String step, FileUndo restoring) {
    }

    /** What an undo will do on one target, and what it cannot undo. */
    public record Work(List<Restore> files, List<String> createdFolders, List<String> folders, List<String> cannot) {
    }

    /** What an undo did. */
    public record Done(int removed, int restored, List<String> kept) {
    }

    private FileUndos() {
    }

    /** The newest undo record of each file a package recorded on a target, by path. */
    public static Map<String, FileUndo> latest(List<StepRecord> records, String target) {
        Map<String, FileUndo> latest = new LinkedHashMap<>();
        for (StepRecord record : records) {
            if (record.target().equals(target)) {
                for (ChangeRecord change : record.changes()) {
                    FileUndo.of(change).ifPresent(undo -> latest.put(change.target(), undo));
                }
            }
        }
        return latest;
    }

    /** Putting back what every record (oldest first) of a package did on {@code target}: its uninstall. */
    public static Work uninstall(List<StepRecord> records, String target) {
        return work(records, target, r -> true, FileUndo::origin);
    }

    /** Putting back what the records of {@code deployments} did on {@code target}: a rollback. */
    public static Work rollback(List<StepRecord> records, String target, Set<String> deployments) {
        return work(records, target, r -> deployments.contains(r.deploymentId()), FileUndo::before);
    }

    private static Work work(List<StepRecord> records, String target, Predicate<StepRecord> undone,
                             java.util.function.Function<FileUndo, String> goalOf) {
        Map<String, FileUndo> first = new LinkedHashMap<>();
        // The newest record of each file among those not undone: the state a rollback returns it to.
        Map<String, FileUndo> kept = new LinkedHashMap<>();
        Map<String, FileUndo> last = new LinkedHashMap<>();
        Map<String, String> steps = new LinkedHashMap<>();
        Set<String> folders = new LinkedHashSet<>();
        Set<String> destinations = new LinkedHashSet<>();
        Set<String> cannot = new LinkedHashSet<>();
        for (StepRecord record : records) {
            if (!record.target().equals(target)) {
                continue;
            }
            if (!undone.test(record)) {
                record.changes().forEach(change -> FileUndo.of(change).ifPresent(u -> kept.put(change.target(), u)));
                continue;
            }
            String step = describe(record);
            for (ChangeRecord change : record.changes()) {
                Optional<FileUndo> undo = FileUndo.of(change);
                if (undo.isPresent()) {
                    first.putIfAbsent(change.target(), undo.get());
                    last.put(change.target(), undo.get());
                    steps.put(change.target(), step);
                } else if (ChangeRecord.FOLDER.equals(change.kind())) {
                    destinations.add(change.target());
                    if (change.createdFolder()) {
                        folders.add(change.target());
                    }
                } else if (!ChangeRecord.FOLDER.equals(change.kind())
                        && !ChangeRecord.UNINSTALL_SCRIPT.equals(change.kind())) {
                    cannot.add(step + ": " + (ChangeRecord.IRREVERSIBLE.equals(change.kind()) ? "cannot be undone"
                            : change.kind() + " " + change.target() + " cannot be undone"));
                }
            }
        }
        List<Restore> files = new ArrayList<>();
        first.forEach((path, undo) -> {
            String goal = goalOf.apply(undo);
            if (goal.equals(FileUndo.PRESENT)) {
                cannot.add(steps.get(path) + ": " + path + " was overwritten without keeping its content");
            } else {
                files.add(new Restore(path, last.get(path), goal, steps.get(path), kept.get(path)));
            }
        });
        return new Work(files, List.copyOf(folders), List.copyOf(destinations), List.copyOf(cannot));
    }

    /** {@code step 2 RunSql of Db@1.1.0 (deployment 20260101-...)}. */
    public static String describe(StepRecord record) {
        return "step " + record.stepIndex() + " " + record.stepType() + " of " + record.packageId() + "@"
                + record.version() + " (deployment " + record.deploymentId() + ")";
    }

    /**
     * Puts the files back, newest first, then removes the folders the undone steps created once
     * nothing is left in them. A file changed since it was recorded is kept and named in
     * {@link Done#kept()}.
     */
    public static Done apply(Work work, DeploymentTarget target, UndoStore store) throws IOException {
        int removed = 0;
        int restored = 0;
        List<String> kept = new ArrayList<>();
        List<String> emptied = new ArrayList<>();
        List<Restore> newestFirst = new ArrayList<>(work.files());
        java.util.Collections.reverse(newestFirst);
        for (Restore file : newestFirst) {
            Optional<FileInfo> now = target.stat(file.path());
            Optional<String> keptHash = FileUndo.keptHash(file.goal());
            if (file.goal().equals(FileUndo.ABSENT)) {
                if (now.isEmpty()) {
                    continue;
                }
                if (!unchanged(target, file.path(), file.last(), now.get())) {
                    kept.add(file.path() + " (changed since " + file.step() + ")");
                    continue;
                }
                target.delete(file.path());
                emptied.add(file.path());
                removed++;
            } else if (keptHash.isPresent()) {
                if (now.isPresent() && keptHash.get().equals(ContentHashing.sha256(target, file.path()).orElse(null))) {
                    continue;
                }
                if (now.isEmpty() || !unchanged(target, file.path(), file.last(), now.get())) {
                    kept.add(file.path() + " (" + (now.isEmpty() ? "deleted" : "changed") + " since " + file.step()
                            + ")");
                    continue;
                }
                if (!store.contains(keptHash.get())) {
                    kept.add(file.path() + " (its earlier content is no longer in the undo store)");
                    continue;
                }
                try (InputStream in = store.open(keptHash.get())) {
                    target.write(file.path(), in);
                }
                Optional<FileTimes> times = target.capability(FileTimes.class);
                if (file.restoring() != null && file.restoring().size() == target.stat(file.path()).map(FileInfo::size)
                        .orElse(-1L) && times.isPresent()) {
                    times.get().setModified(file.path(), java.time.Instant.ofEpochMilli(file.restoring().modified()));
                }
                restored++;
            }
        }
        removeEmptyFolders(target, emptied, work.createdFolders(), work.folders());
        return new Done(removed, restored, List.copyOf(kept));
    }

    /**
     * The parents of removed files below the folders the steps deployed into (the files' own
     * folders, made for them), and the deployed-into folders the steps created, when empty.
     */
    private static void removeEmptyFolders(DeploymentTarget target, List<String> removed, List<String> created,
                                           List<String> destinations) throws IOException {
        Set<String> candidates = new LinkedHashSet<>();
        for (String file : removed) {
            for (String parent = parent(file); parent != null; parent = parent(parent)) {
                String folder = parent;
                boolean below = destinations.stream().anyMatch(d -> !folder.equals(d) && inside(folder, d));
                if (!below && created.stream().noneMatch(c -> inside(folder, c))) {
                    break;
                }
                candidates.add(folder);
            }
        }
        List<String> deepestFirst = new ArrayList<>(candidates);
        deepestFirst.sort((a, b) -> b.length() - a.length());
        deepestFirst.addAll(created);
        for (String folder : deepestFirst) {
            if (target.exists(folder) && target.stat(folder).isEmpty() && target.list(folder).isEmpty()) {
                target.delete(folder);
            }
        }
    }

    private static boolean inside(String path, String folder) {
        return path.equals(folder) || path.startsWith(folder + "/") || path.startsWith(folder + "\\");
    }

    private static String parent(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash <= 0 ? null : path.substring(0, slash);
    }

    /**
     * Whether a file is as last recorded: same size and modification time, or, when only the time
     * moved, the same content by hash (where the record has it).
     */
    public static boolean unchanged(DeploymentTarget target, String path, FileUndo last, FileInfo now)
            throws IOException {
        if (now.size() != last.size()) {
            return false;
        }
        if (now.modified().toEpochMilli() == last.modified()) {
            return true;
        }
        return last.sha256() != null && last.sha256().equals(ContentHashing.sha256(target, path).orElse(null));
    }

    /** Every kept content a record refers to (before and origin states), for pruning the undo store. */
    public static Set<String> referenced(List<StepRecord> records) {
        Set<String> hashes = new LinkedHashSet<>();
        for (StepRecord record : records) {
            for (ChangeRecord change : record.changes()) {
                FileUndo.of(change).ifPresent(undo -> {
                    FileUndo.keptHash(undo.before()).ifPresent(hashes::add);
                    FileUndo.keptHash(undo.origin()).ifPresent(hashes::add);
                });
            }
        }
        return hashes;
    }
}
