package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.targets.GroupDeployment;
import dev.stagehand.core.targets.NamedTarget;
import dev.stagehand.core.targets.SavedGroupPlan;
import dev.stagehand.opcon.BatchScheduler;
import dev.stagehand.opcon.ScheduledDeployment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deploy run-scheduled}: what OpCon's {@code DEPLOY_PACKAGE} and {@code DEPLOY_SCHEDULE} jobs run at their
 * time. The exit code tells OpCon the result: 0 deployed, 1 failed or refused.
 */
@Command(name = "run-scheduled", mixinStandardHelpOptions = true,
        description = "Runs the saved plan of a Scheduled deployment record (what OpCon's job runs): Deploying, then"
                + " Deployed or Failed.")
final class RunScheduledCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @Option(names = "--id", required = true, paramLabel = "N", description = "The Deployment record (OpCon's"
            + " [[JI.DEPLOYMENT_ID]]).")
    long id;

    @Option(names = "--parameters", paramLabel = "FILE",
            description = "Read the variable values from FILE (default: the parameters file the plan was made with)."
                    + " DEPLOY_VAR_<NAME> variables count too.")
    Path parameters;

    @Option(names = "--replan", description = "Plan again when the inputs changed since the plan was approved"
            + " (default: refuse, and fail the record).")
    boolean replan;

    @Option(names = "--json", description = "Print events as JSON, one object per line, then the result.")
    boolean json;

    @CommandLine.Mixin
    OpConOptions.Config config = new OpConOptions.Config();

    @Option(names = "--max-parallel", paramLabel = "N", defaultValue = "4",
            description = "For a deployment to targets: how many at once (1 to 64, default: ${DEFAULT-VALUE}).")
    int maxParallel;

    /**
     * The deployment of a group's saved plan: each target's sources, state folder and the parameters
     * file of its plan (or {@code --parameters}), its own values from the targets file over them.
     */
    private GroupDeployment group(SavedGroupPlan saved) {
        if (maxParallel < 1 || maxParallel > TargetsOptions.MAX_PARALLEL) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-parallel must be between 1 and "
                    + TargetsOptions.MAX_PARALLEL + ", not " + maxParallel);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<NamedTarget> targets = saved.targets();
        java.util.function.Function<NamedTarget, dev.stagehand.api.event.DeploymentListener> listeners =
                TargetsCommands.progress(out, targets, json, false);
        return new GroupDeployment(targets, target -> {
            Stagehand.Configuration configuration = BatchScheduler.configuration(deploy.configure()
                    .listener(listeners.apply(target)), saved.planOf(target.name()), parameters)
                    .secrets(TargetsCommands.SSH_SECRETS);
            target.parameters().forEach(configuration::set);
            return configuration;
        }, maxParallel);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (parameters != null && !Files.isRegularFile(parameters)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such parameters file: " + parameters);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            BatchScheduler scheduler = new BatchScheduler(config.open(deploy), deploy.variables(), Clock.systemUTC(),
                    OpConOptions.polling());
            BatchScheduler.RunResult run = scheduler.runScheduled(id, saved -> deploy.load(BatchScheduler
                    .configuration(deploy.configure().listener(json ? JsonOutput.events(out)
                            : new ProgressListener(out, false)), saved, parameters)), this::group,
                    InstallOptions.DEFAULTS, replan);
            ScheduledDeployment record = run.record();
            if (json) {
                out.println(JsonOutput.line(Map.of("type", "ScheduledDeploymentResult", "deployment",
                        OpConOptions.toJson(record))));
            } else {
                if (run.result() != null) {
                    InstallCommand.printText(out, run.result());
                }
                if (run.group() != null) {
                    TargetsCommands.printText(out, run.group());
                }
                out.println("Deployment " + id + " (" + record.coordinates() + "): " + record.status()
                        + (run.result() == null ? " - " + record.message() : ""));
            }
            out.flush();
            return run.succeeded() ? 0 : DeployCommand.FAILED;
        } catch (DeploymentException e) {
            if (json) {
                out.println(JsonOutput.line(Map.of("type", "DeploymentFailed", "problems", e.problems())));
            } else {
                out.println("Deployment " + id + " not run: " + e.getMessage());
            }
            out.flush();
            return DeployCommand.FAILED;
        }
    }
}
