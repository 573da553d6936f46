package dev.stagehand.steps.sql;

import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.steps.sql.journal.JdbcDeploymentJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A deployer in a process of its own for {@link SharedJournalLockTest}: installs the
 * {@code shared-journal} fixture with a {@link JdbcDeploymentJournal} and a state folder of its
 * own, as a second machine sharing the journal would. Exits 0 when the deployment succeeded.
 *
 * <p>Arguments: database URL, user, password, state folder, deployer name, pause seconds, lock wait seconds.
 */
public final class JournalDeployer {

    private JournalDeployer() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Map<String, String> parameters = Map.of("Product.Database.Online.Url", url,
                "Product.Database.Online.User", args[1], "Product.Database.Online.Password", args[2],
                "Deployer", args[4], "PauseSeconds", args[5]);
        try (JdbcDeploymentJournal journal = JdbcDeploymentJournal.open(url, args[1], args[2]);
             Stagehand stagehand = Stagehand.configure().sources(Deployments.fixture("shared-journal"))
                     .parameters(parameters).stateDirectory(Path.of(args[3])).journal(journal).load()) {
            DeploymentResult result = stagehand.install(RootRequest.parse("Db"),
                    InstallOptions.DEFAULTS.withLockWait(Duration.ofSeconds(Long.parseLong(args[6]))));
            System.out.println(args[4] + ": " + result.summary());
            System.exit(result.succeeded() ? 0 : 1);
        }
    }
}
