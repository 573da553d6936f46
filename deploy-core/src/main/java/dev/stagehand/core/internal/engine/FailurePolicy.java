package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Status;
import dev.stagehand.core.options.OnError;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** What a failure in a changing stage stops: everything (abort) or the failed package and what needs it (continue). */
final class FailurePolicy {

    private FailurePolicy() {
    }

    static boolean aborts(Deployment deployment) {
        return deployment.options().onError() != OnError.CONTINUE;
    }

    static void packageFailed(Deployment deployment, PackageRun p, String reason, boolean abort) {
        p.status = Status.FAILED;
        p.reason = reason;
        if (abort) {
            deployment.stopped = true;
            for (PackageRun other : deployment.packages) {
                if (other != p && other.active()) {
                    other.status = Status.SKIPPED;
                    other.reason = "the deployment stopped after " + p.planned.coordinates() + " failed";
                }
            }
        } else {
            skipDependents(deployment, p);
        }
    }

    /** Later versions of the failed package, and everything that needs it (dependencies, deployed packages). */
    private static void skipDependents(Deployment deployment, PackageRun failed) {
        Set<String> down = new HashSet<>();
        down.add(failed.planned.id().toLowerCase(Locale.ROOT));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (PackageRun other : deployment.packages) {
                if (other == failed || !other.active()) {
                    continue;
                }
                String id = other.planned.id().toLowerCase(Locale.ROOT);
                boolean affected = down.contains(id) || other.planned.needs().stream()
                        .anyMatch(n -> down.contains(n.toLowerCase(Locale.ROOT)));
                if (affected) {
                    other.status = Status.SKIPPED;
                    other.reason = "skipped: it depends on " + failed.planned.coordinates() + ", which failed";
                    grew |= down.add(id);
                }
            }
        }
    }
}
