package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.opcon.BatchScheduler;
import dev.stagehand.opcon.client.OpConCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy cancel}: withdraws a Scheduled deployment, and asks OpCon to skip its job when given who asks. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancels a Scheduled deployment; with --user or --token-env, OpCon is asked to skip its job.")
final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @Option(names = "--id", required = true, paramLabel = "N", description = "The Deployment record.")
    long id;

    @CommandLine.Mixin
    OpConOptions.Credentials credentials = new OpConOptions.Credentials();

    @CommandLine.Mixin
    OpConOptions.Config config = new OpConOptions.Config();

    @Override
    public Integer call() throws IOException {
        OpConCredentials who = credentials.given() ? credentials.read(spec.commandLine(), deploy.variables()) : null;
        PrintWriter out = spec.commandLine().getOut();
        try {
            BatchScheduler.CancelResult cancelled = new BatchScheduler(config.open(deploy), deploy.variables(),
                    Clock.systemUTC(), OpConOptions.polling()).cancel(id, who);
            out.println("Deployment " + id + " (" + cancelled.record().coordinates() + ") is Cancelled: "
                    + cancelled.record().message() + ".");
            cancelled.notes().forEach(note -> out.println("  not done: " + note));
            out.flush();
            return 0;
        } catch (DeploymentException e) {
            out.println("Deployment " + id + " not cancelled: " + e.getMessage());
            out.flush();
            return DeployCommand.FAILED;
        }
    }
}
