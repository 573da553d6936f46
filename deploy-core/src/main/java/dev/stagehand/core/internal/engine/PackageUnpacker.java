package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Problem;
import dev.stagehand.core.internal.packages.ZipPackage;
import java.io.IOException;

/** The Acquire stage's own work: zipped packages unpacked into their work folders before any handler acquires. */
final class PackageUnpacker {

    private PackageUnpacker() {
    }

    static void unpack(Deployment deployment) {
        for (PackageRun p : deployment.packages) {
            if (!p.zipped()) {
                continue;
            }
            try (ZipPackage zip = ZipPackage.open(p.planned.origin(), p.planned.origin().toString())) {
                zip.extractTo(p.workFolder.resolve("content"));
            } catch (IOException | RuntimeException e) {
                deployment.report(Problem.error("cannot unpack the package: " + deployment.message(e), p.location()));
            }
        }
    }
}
