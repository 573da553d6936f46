package dev.stagehand.core.internal.undo;

import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.FileUndo;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.target.ContentHashing;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.FileInfo;
import dev.stagehand.core.result.DriftReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a target with what the journal recorded of it: each file as last written (by size and
 * modification time, and by content with {@code deep} where the record has the hash), and the
 * folders the deployments created, for files nobody deployed.
 */
public final class Drifts {

    private Drifts() {
    }

    /**
     * @param records every installed package's change records, by package id
     */
    public static DriftReport find(Map<String, List<StepRecord>> records, List<DeploymentTarget> targets, boolean deep)
            throws IOException {
        List<DriftReport.Drift> drifts = new ArrayList<>();
        int checked = 0;
        for (DeploymentTarget target : targets) {
            Map<String, FileUndo> files = new LinkedHashMap<>();
            Map<String, String> owners = new LinkedHashMap<>();
            Set<String> folders = new LinkedHashSet<>();
            Map<String, String> folderOwners = new LinkedHashMap<>();
            records.forEach((packageId, list) -> {
                for (StepRecord record : list) {
                    if (!record.target().equals(target.name())) {
                        continue;
                    }
                    for (ChangeRecord change : record.changes()) {
                        Optional<FileUndo> undo = FileUndo.of(change);
                        if (undo.isPresent()) {
                            files.put(change.target(), undo.get());
                            owners.put(change.target(), record.packageId() + "@" + record.version());
                        } else if (change.createdFolder()) {
                            folders.add(change.target());
                            folderOwners.put(change.target(), record.packageId() + "@" + record.version());
                        }
                    }
                }
            });
            for (Map.Entry<String, FileUndo> file : files.entrySet()) {
                checked++;
                String path = file.getKey();
                FileUndo last = file.getValue();
                Optional<FileInfo> now = target.stat(path);
                if (now.isEmpty()) {
                    drifts.add(new DriftReport.Drift(DriftReport.Kind.MISSING, target.name(), path, owners.get(path)));
                } else if (changed(target, path, last, now.get(), deep)) {
                    drifts.add(new DriftReport.Drift(DriftReport.Kind.CHANGED, target.name(), path, owners.get(path)));
                }
            }
            for (String folder : folders) {
                if (!target.exists(folder)) {
                    continue;
                }
                for (String relative : target.list(folder)) {
                    String path = target.resolve(folder, relative.split("/"));
                    if (!files.containsKey(path)) {
                        drifts.add(new DriftReport.Drift(DriftReport.Kind.ADDED, target.name(), path,
                                folderOwners.get(folder)));
                    }
                }
            }
        }
        return new DriftReport(drifts, checked);
    }

    private static boolean changed(DeploymentTarget target, String path, FileUndo last, FileInfo now, boolean deep)
            throws IOException {
        if (!deep || last.sha256() == null) {
            return !FileUndos.unchanged(target, path, last, now);
        }
        return now.size() != last.size()
                || !last.sha256().equals(ContentHashing.sha256(target, path).orElse(null));
    }
}
