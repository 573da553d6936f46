package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Location;
import dev.stagehand.api.Status;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.variables.PackageVariables;
import dev.stagehand.core.plan.PlannedPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One package version being deployed. */
final class PackageRun {

    final PlannedPackage planned;
    /** Package.Id, Package.Version, Package.TargetDirectory of this package, lower-case keys. */
    final Map<String, String> builtIns;
    final List<StepRun> steps = new ArrayList<>();
    final PackageVariables variables;
    final DefaultStore store;
    final Path workFolder;
    DefaultPackageContent content;
    Status status = Status.SUCCEEDED;
    String reason = "";
    private List<StepRecord> recordedChanges;

    PackageRun(Deployment deployment, PlannedPackage planned) {
        this.planned = planned;
        PackageManifest m = planned.manifest();
        this.builtIns = deployment.variables().packageBuiltIns(m);
        this.variables = new PackageVariables(deployment.variables(), builtIns, location(), deployment.plugins());
        this.store = new DefaultStore("package " + planned.coordinates(), deployment.variables()::mask);
        this.workFolder = deployment.workRoot().resolve("packages").resolve(planned.id() + "@" + planned.version());
    }

    boolean active() {
        return status == Status.SUCCEEDED;
    }

    boolean zipped() {
        return Files.isRegularFile(planned.origin());
    }

    Location location() {
        return planned.manifest().location().withPackage(planned.id(), planned.version());
    }

    /** What earlier deployments of this package recorded, read once. */
    synchronized List<StepRecord> recordedChanges(Deployment deployment) {
        if (recordedChanges == null) {
            recordedChanges = List.copyOf(deployment.journal().recordedChanges(planned.id()));
        }
        return recordedChanges;
    }
}
