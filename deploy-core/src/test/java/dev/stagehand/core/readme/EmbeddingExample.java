package dev.stagehand.core.readme;

import dev.stagehand.core.Parameters;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.result.DeploymentResult;
import java.nio.file.Path;

public final class EmbeddingExample {

    /** Plans a root package and all it needs, shows what will change, deploys exactly that plan. */
    public static DeploymentResult deploy(Path packages, Path parameters, Path state, String root) throws Exception {
        try (Stagehand stagehand = Stagehand.configure()
                .sources(packages)
                .parameters(Parameters.read(parameters))
                .stateDirectory(state)
                .listener(event -> System.out.println(event))
                .load()) {
            DeploymentPlan plan = stagehand.plan(RootRequest.parse(root));
            plan.notice().forEach(change -> System.out.println("will create or change: " + change));
            DeploymentResult result = stagehand.install(plan, InstallOptions.DEFAULTS);
            System.out.println(result.outcome() + ": " + result.summary());
            return result;
        }
    }
}
