package dev.stagehand.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy rollback}: returns files to their state before a deployment, where every step of it can be undone. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Returns files to their state before a deployment (--to, an id as deploy status prints it) or"
                + " the last one (--previous), and the journal to the versions before; refused, listing them, when a"
                + " step of those deployments cannot be undone, unless --force.")
final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    /** Which deployment. */
    static final class Which {
        @Option(names = "--to", paramLabel = "DEPLOYMENT_ID",
                description = "Undo this deployment and every later one.")
        String to;

        @Option(names = "--previous", description = "Undo the last deployment that installed something.")
        boolean previous;
    }

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--force", description = "Undo what can be undone and report the rest.")
    boolean force;

    @CommandLine.Mixin
    UndoRun run;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String to = which.previous ? null : which.to;
        if (to != null && run.targets.given() && run.targets.selected(spec.commandLine()).size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to names a deployment of one target; for"
                    + " a group use --previous, which each target reads from its own journal");
        }
        return run.run(deploy, spec.commandLine(), "Roll back " + (to == null ? "the last deployment" : to),
                (stagehand, options) -> stagehand.rollback(to, force, options));
    }
}
