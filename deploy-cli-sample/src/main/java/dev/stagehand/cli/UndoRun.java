package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.targets.NamedTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What {@code uninstall} and {@code rollback} share: the package sources (optional: they give the
 * uninstall scripts), the variable values and state folder, {@code --dry-run}, {@code --yes} and
 * {@code --json}, and running an undoing deployment with the install's progress and report.
 */
final class UndoRun {

    @Option(names = "--source", arity = "1..*", paramLabel = "DIR",
            description = "Package source folder(s) holding the installed versions (for their uninstall scripts).")
    List<Path> sources = new ArrayList<>();

    @CommandLine.Mixin
    DeploymentOptions deployment;

    @Option(names = "--dry-run", description = "Plan and validate only; change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask before going on.")
    boolean yes;

    @Option(names = "--json", description = "Print events as JSON, one object per line, then the result.")
    boolean json;

    @CommandLine.Mixin
    TargetsOptions targets;

    /** The work of one command on a configured instance. */
    interface Work {
        DeploymentResult run(Stagehand stagehand, InstallOptions options) throws IOException, InterruptedException;
    }

    int run(DeployCommand deploy, CommandLine commandLine, String what, Work work)
            throws IOException, InterruptedException {
        for (Path folder : sources) {
            if (!Files.isDirectory(folder)) {
                throw new CommandLine.ParameterException(commandLine, "no such source folder: " + folder);
            }
        }
        if (targets.given()) {
            return runOnTargets(deploy, commandLine, what, work);
        }
        if (!Files.isDirectory(deployment.state)) {
            throw new DeploymentException("no such state folder (--state): nothing was ever deployed with it, or it"
                    + " is not the folder meant", dev.stagehand.api.Location.ofFile(deployment.state.toString()));
        }
        PrintWriter out = commandLine.getOut();
        boolean terminal = System.console() != null && !json;
        if (!json && !yes && terminal && !dryRun && !confirm(out, what)) {
            out.println("Nothing was changed.");
            out.flush();
            return DeployCommand.FAILED;
        }
        Stagehand.Configuration configuration = deployment.configuration(deploy.configure(), sources,
                deployment.parameters, commandLine).listener(json ? JsonOutput.events(out)
                : new ProgressListener(out, terminal));
        try (Stagehand stagehand = deploy.load(configuration)) {
            DeploymentResult result = work.run(stagehand, InstallOptions.DEFAULTS.withDryRun(dryRun));
            if (json) {
                out.println(JsonOutput.line(Map.of("type", "DeploymentResult", "result", InstallCommand.toJson(result))));
            } else {
                InstallCommand.printText(out, result);
            }
            out.flush();
            return result.succeeded() ? 0 : DeployCommand.FAILED;
        } catch (DeploymentException e) {
            if (json) {
                out.println(JsonOutput.line(Map.of("type", "DeploymentFailed", "problems", e.problems())));
            } else {
                out.println("Nothing was changed:");
                e.problems().forEach(p -> out.println("  " + p));
            }
            out.flush();
            return DeployCommand.FAILED;
        }
    }

    /**
     * On the targets of {@code --targets}/{@code --target} or {@code --target-uri}, each by its own
     * journal: a dry run on every target first, then each, reported per target as a group's install.
     */
    private int runOnTargets(DeployCommand deploy, CommandLine commandLine, String what, Work work)
            throws IOException, InterruptedException {
        PrintWriter out = commandLine.getOut();
        boolean terminal = System.console() != null && !json;
        List<NamedTarget> chosen;
        try {
            chosen = targets.selected(commandLine);
        } catch (DeploymentException e) {
            out.println("Nothing was changed:");
            e.problems().forEach(p -> out.println("  " + p));
            out.flush();
            return DeployCommand.FAILED;
        }
        if (!json && !yes && terminal && !dryRun && !confirm(out, what + " on " + ValidateCommand.plural(
                chosen.size(), "target"))) {
            out.println("Nothing was changed.");
            out.flush();
            return DeployCommand.FAILED;
        }
        return TargetsCommands.install(out, chosen, TargetsCommands.configurations(deploy, deployment, sources,
                        commandLine, TargetsCommands.progress(out, chosen, json, terminal)),
                group -> group.run(work::run, InstallOptions.DEFAULTS.withDryRun(dryRun),
                        dev.stagehand.core.targets.GroupDeployment.OnTargetError.ABORT), targets.maxParallel, json);
    }

    private static boolean confirm(PrintWriter out, String what) throws IOException {
        out.print(what + "? [y/N] ");
        out.flush();
        String answer = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }
}
