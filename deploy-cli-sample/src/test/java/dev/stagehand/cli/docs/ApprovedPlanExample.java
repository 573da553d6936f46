package dev.stagehand.cli.docs;

import dev.stagehand.core.Parameters;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.SavedPlan;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.result.DeploymentResult;
import java.nio.file.Path;

public final class ApprovedPlanExample {

    /** Plans a root and saves the plan for someone to approve; the file holds no secret value. */
    public static void save(Path packages, Path parameters, Path state, String root, Path planFile) throws Exception {
        try (Stagehand stagehand = Stagehand.configure()
                .sources(packages)
                .parameters(Parameters.read(parameters))
                .stateDirectory(state)
                .load()) {
            DeploymentPlan plan = stagehand.plan(RootRequest.parse(root));
            stagehand.save(plan, parameters).write(planFile);
        }
    }

    /** Later, anywhere: runs exactly the approved plan, or refuses it when its inputs changed. */
    public static DeploymentResult install(Path planFile) throws Exception {
        SavedPlan approved = SavedPlan.read(planFile);
        try (Stagehand stagehand = Stagehand.configure()
                .from(approved)
                .parameters(Parameters.read(approved.parametersFile().orElseThrow()))
                .load()) {
            return stagehand.install(approved, InstallOptions.DEFAULTS);
        }
    }
}
