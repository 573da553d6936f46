package dev.stagehand.core.internal.engine;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.Status;
import dev.stagehand.core.internal.packages.PackageFiles;
import dev.stagehand.core.internal.packages.ZipPackage;
import java.io.IOException;

/**
 * The Acquire stage's own work for zipped packages, before any handler acquires: each zip is
 * opened (its entries counted against the deployment's zip limits) and given to its package's
 * content, which unpacks an entry into the work folder when a step first asks for it, within the
 * limits and its CRC-32; the zips are closed when the run ends. Every compressed entry was read
 * against the limits and its CRC-32 before the deployment started (Stagehand), so a step does not
 * meet them halfway through its changes; a stored entry cannot pass the limits its declared size
 * was checked against, and one whose data does not match its CRC-32 fails the step unpacking it.
 */
final class PackageUnpacker {

    private PackageUnpacker() {
    }

    static void unpack(Deployment deployment) {
        for (PackageRun p : deployment.packages) {
            if (!p.zipped()) {
                continue;
            }
            ZipPackage zip = null;
            try {
                zip = ZipPackage.open(p.planned.origin(), PackageFiles.displayName(p.planned.origin()),
                        deployment.run.zipLimits());
                p.content.unpackOnDemand(zip);
            } catch (IOException | RuntimeException e) {
                closeQuietly(zip, deployment);
                // Located at the entry that broke a limit, when it is one; the package's steps do not run.
                Location at = e instanceof DeploymentException d && d.location().hasFile()
                        ? d.location().withPackage(p.planned.id(), p.planned.version()) : p.location();
                deployment.report(Problem.error("cannot unpack the package: " + deployment.message(e), at));
                p.status = Status.FAILED;
                p.reason = "cannot unpack the package";
            }
        }
    }

    private static void closeQuietly(ZipPackage zip, Deployment deployment) {
        if (zip != null) {
            try {
                zip.close();
            } catch (IOException e) {
                deployment.log.debug("cannot close {}", zip.path(), e);
            }
        }
    }

    static void close(Deployment deployment) {
        for (PackageRun p : deployment.packages) {
            if (p.content != null) {
                try {
                    p.content.close();
                } catch (IOException e) {
                    deployment.log.debug("cannot close the zip of {}", p.planned.coordinates(), e);
                }
            }
        }
    }
}
