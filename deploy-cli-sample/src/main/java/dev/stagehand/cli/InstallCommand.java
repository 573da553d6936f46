package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Problem;
import dev.stagehand.api.Status;
import dev.stagehand.core.SavedPlan;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.OnError;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.PackageOutcome;
import dev.stagehand.core.result.StepOutcome;
import dev.stagehand.core.targets.GroupDeployment;
import dev.stagehand.core.targets.NamedTarget;
import dev.stagehand.core.targets.SavedGroupPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deploy install}: plan (or read a saved plan), confirm, run exactly that plan through the seven stages, report. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Deploys ROOT and everything it needs: plans, asks to go on, runs exactly the plan it showed,"
                + " and reports what ran. With --plan, runs a plan saved by plan --out.")
final class InstallCommand implements Callable<Integer>, DeployCommand.ExplainsUsage {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    /** What to deploy: a source and root to plan now, or a plan saved earlier. */
    static final class What {
        @CommandLine.ArgGroup(exclusive = false)
        DeploymentOptions.Source source;

        @Option(names = "--plan", paramLabel = "FILE",
                description = "Run exactly the plan saved in FILE by plan --out (instead of --source and --root),"
                        + " a group's on each of its targets; refused when the packages, the parameters or what is"
                        + " installed have changed.")
        Path plan;
    }

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @CommandLine.Mixin
    DeploymentOptions deployment;

    @CommandLine.Mixin
    TargetsOptions targets;

    @Option(names = "--on-error", paramLabel = "abort|continue|rollback", defaultValue = "abort",
            description = "On a failed step: abort (default), continue with the packages that do not depend on it, or"
                    + " rollback: undo what this run did, newest first, and report what could not be undone.")
    String onError;

    @Option(names = "--dry-run", description = "Plan and validate only; change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask before deploying.")
    boolean yes;

    /** A day: a deployment that waits longer for another is waiting for one that will not end. */
    static final long MAX_LOCK_WAIT = 86_400;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "Wait this long (0 to 86400) for another deployment of the same state folder (default: fail"
                    + " at once).")
    long lockWait;

    @Option(names = "--json", description = "Print events as JSON, one object per line, then the result.")
    boolean json;

    /** With a saved plan, picocli would report {@code --source} alone as a missing {@code --root}. */
    @Override
    public CommandLine.ParameterException explain(CommandLine.ParameterException error, List<String> args) {
        if (args.contains("--plan") && (args.contains("--source") || args.contains("--root"))) {
            return new CommandLine.ParameterException(error.getCommandLine(), "--plan runs a saved plan with the"
                    + " sources and root it was made with: leave out --source and --root (or plan again)");
        }
        return error;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        InstallOptions options = options();
        if (what.plan != null && !Files.isRegularFile(what.plan)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such plan file: " + what.plan);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null && !json;
        if (targets.given()) {
            return installOnTargets(options, out, terminal);
        }
        if (what.plan != null && SavedGroupPlan.isGroupPlan(what.plan)) {
            return installGroupPlan(options, out, terminal);
        }
        try {
            SavedPlan saved = what.plan == null ? null : SavedPlan.read(what.plan);
            Stagehand.Configuration configuration = configuration(saved)
                    .listener(json ? JsonOutput.events(out) : new ProgressListener(out, terminal));
            try (Stagehand stagehand = deploy.load(configuration)) {
                DeploymentResult result;
                if (saved != null) {
                    if (!json && !approved(out, terminal, () -> printSaved(out, saved))) {
                        return declined(out);
                    }
                    result = stagehand.install(saved, options);
                } else {
                    DeploymentPlan plan = stagehand.plan(what.source.rootRequest());
                    if (!json && plan.nothingToDo()) {
                        printNothingToDo(out, plan);
                        return 0;
                    }
                    if (!json && !approved(out, terminal, () -> PlanCommand.printText(out, plan))) {
                        return declined(out);
                    }
                    result = stagehand.install(plan, options);
                }
                printResult(out, result);
                return result.succeeded() ? 0 : DeployCommand.FAILED;
            }
        } catch (DeploymentException e) {
            printNotStarted(out, e);
            return DeployCommand.FAILED;
        }
    }

    /** Onto the targets of --targets/--target or --target-uri: validated on all, then deployed to each. */
    private int installOnTargets(InstallOptions options, PrintWriter out, boolean terminal) throws IOException,
            InterruptedException {
        CommandLine commandLine = spec.commandLine();
        if (what.plan != null) {
            throw new CommandLine.ParameterException(commandLine, "--plan runs the targets its plan was made for:"
                    + " leave out --targets, --target and --target-uri");
        }
        var chosen = targets.selected(commandLine);
        var sources = what.source.existingFolders(commandLine);
        try {
            if (!json && terminal && !yes && !dryRun) {
                TargetsCommands.plan(out, chosen, TargetsCommands.configurations(deploy, deployment, sources, commandLine,
                        null), what.source.rootRequest(), targets.maxParallel, false, deployment.parameters, null);
                if (!confirm(out)) {
                    return declined(out);
                }
            }
            return TargetsCommands.install(out, chosen, TargetsCommands.configurations(deploy, deployment, sources,
                            commandLine, TargetsCommands.progress(out, chosen, json, terminal)),
                    group -> group.install(what.source.rootRequest(), options, policy(options)), targets.maxParallel,
                    json);
        } catch (DeploymentException e) {
            printNotStarted(out, e);
            return DeployCommand.FAILED;
        }
    }

    /** A group's saved plan ({@code plan --targets F --target GROUP --out}): each target its own plan, exactly. */
    private int installGroupPlan(InstallOptions options, PrintWriter out, boolean terminal) throws IOException,
            InterruptedException {
        try {
            SavedGroupPlan saved = SavedGroupPlan.read(what.plan);
            List<NamedTarget> chosen = saved.targets();
            if (!json && !approved(out, terminal, () -> printSaved(out, saved))) {
                return declined(out);
            }
            return TargetsCommands.install(out, chosen, TargetsCommands.configurations(deploy, deployment, saved,
                            spec.commandLine(), TargetsCommands.progress(out, chosen, json, terminal)),
                    group -> group.install(saved, options, policy(options)), targets.maxParallel, json);
        } catch (DeploymentException e) {
            printNotStarted(out, e);
            return DeployCommand.FAILED;
        }
    }

    /**
     * Across the targets of a group: {@code abort} stops the others at the first failure;
     * {@code continue} lets them finish; {@code rollback} rolls back the failed target only (its own
     * engine does, with the same option) and lets the others finish, since stopping them midway
     * would leave them half-deployed with nothing to roll back.
     */
    private static GroupDeployment.OnTargetError policy(InstallOptions options) {
        return options.onError() == OnError.ABORT ? GroupDeployment.OnTargetError.ABORT
                : GroupDeployment.OnTargetError.CONTINUE;
    }

    private InstallOptions options() {
        OnError policy = switch (onError.toLowerCase(Locale.ROOT)) {
            case "abort" -> OnError.ABORT;
            case "continue" -> OnError.CONTINUE;
            case "rollback" -> OnError.ROLLBACK;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--on-error must be abort, continue or rollback, not " + onError);
        };
        if (lockWait < 0 || lockWait > MAX_LOCK_WAIT) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lock-wait must be between 0 and "
                    + MAX_LOCK_WAIT + " seconds, not " + lockWait);
        }
        return InstallOptions.DEFAULTS.withOnError(policy).withDryRun(dryRun).withLockWait(Duration.ofSeconds(lockWait));
    }

    /**
     * The configuration of a deployment from {@code --source} and {@code --root}, or of a saved
     * plan: its sources, and the parameters of {@code --parameters}, else the file it was made with
     * when that still exists (read again: the plan holds no value).
     */
    private Stagehand.Configuration configuration(SavedPlan saved) throws IOException {
        if (saved == null) {
            return deployment.configuration(deploy.configure(), what.source.existingFolders(spec.commandLine()),
                    deployment.parameters, spec.commandLine());
        }
        Path parameters = deployment.parameters != null ? deployment.parameters : saved.parametersFile().orElse(null);
        Stagehand.Configuration configuration = deployment.configuration(deploy.configure(), List.of(), parameters,
                spec.commandLine()).from(saved);
        // Where the plan was approved to deploy, unless this command says otherwise.
        if (spec.commandLine().getParseResult().hasMatchedOption("--state")) {
            configuration.stateDirectory(deployment.state);
        }
        return configuration;
    }

    /** Shows what will be deployed and asks to go on, unless {@code --yes}, no terminal or a dry run. */
    private boolean approved(PrintWriter out, boolean terminal, Runnable show) throws IOException {
        show.run();
        out.println();
        out.flush();
        return yes || !terminal || dryRun || confirm(out);
    }

    private static int declined(PrintWriter out) {
        out.println("Nothing was changed.");
        out.flush();
        return DeployCommand.FAILED;
    }

    private static void printNothingToDo(PrintWriter out, DeploymentPlan plan) {
        out.println("Nothing to do: " + plan.root() + " and everything it needs are installed ("
                + ValidateCommand.plural(plan.packages().size(), "package") + " up to date).");
        out.flush();
    }

    private void printSaved(PrintWriter out, SavedPlan saved) {
        out.println("Saved plan for " + saved.root() + "@" + saved.rootVersion() + " (" + what.plan + "): "
                + ValidateCommand.plural(saved.packages().size(), "package version") + " to deploy");
        saved.packages().forEach(p -> out.println("  " + p));
        if (!saved.notice().isEmpty()) {
            out.println();
            out.println("Preparation notice: the deployment will create or change");
            saved.notice().forEach(line -> out.println("  " + line));
        }
    }

    private void printSaved(PrintWriter out, SavedGroupPlan saved) {
        out.println("Saved plan for " + saved.selection() + " of " + saved.targetsFile() + " (" + what.plan + "): "
                + ValidateCommand.plural(saved.plans().size(), "target"));
        for (SavedGroupPlan.TargetEntry entry : saved.plans()) {
            out.println("  [" + entry.target() + "] " + entry.plan().root() + "@" + entry.plan().rootVersion() + ": "
                    + (entry.plan().packages().isEmpty() ? "nothing to deploy"
                    : String.join(", ", entry.plan().packages())));
        }
    }

    private void printNotStarted(PrintWriter out, DeploymentException e) {
        if (json) {
            out.println(JsonOutput.line(Map.of("type", "DeploymentFailed", "problems", e.problems())));
        } else {
            out.println("Deployment not started:");
            e.problems().forEach(p -> out.println("  " + p));
        }
        out.flush();
    }

    private void printResult(PrintWriter out, DeploymentResult result) {
        if (json) {
            out.println(JsonOutput.line(Map.of("type", "DeploymentResult", "result", toJson(result))));
        } else {
            printText(out, result);
        }
        out.flush();
    }

    private boolean confirm(PrintWriter out) throws IOException {
        out.print("Deploy? [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }

    static void printText(PrintWriter out, DeploymentResult result) {
        out.println();
        List<Problem> errors = result.problems().stream().filter(Problem::isError).toList();
        boolean validationOnly = result.packages().stream().allMatch(p -> p.status() == Status.NOT_RUN
                || p.status() == Status.UP_TO_DATE);
        if (!errors.isEmpty() && validationOnly) {
            out.println("Validation failed; nothing was changed. " + ValidateCommand.plural(errors.size(), "problem") + ":");
            errors.forEach(p -> out.println("  " + p));
        }
        out.println("Deployment " + result.deploymentId() + ": " + result.outcome().name().toLowerCase(Locale.ROOT));
        for (PackageOutcome p : result.packages()) {
            out.printf("  %-11s %s%s%n", p.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), p.coordinates(),
                    p.reason().isEmpty() ? "" : "  (" + p.reason() + ")");
            if (p.status() == Status.FAILED) {
                for (StepOutcome s : p.steps()) {
                    out.printf("      step %d %s: %s%s%n", s.index(), s.type(),
                            s.status().name().toLowerCase(Locale.ROOT), s.message().isEmpty() ? "" : " - " + s.message());
                }
            }
        }
        out.println(result.summary());
    }

    static Map<String, Object> toJson(DeploymentResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("deploymentId", result.deploymentId());
        json.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
        json.put("summary", result.summary());
        List<Map<String, Object>> packages = new ArrayList<>();
        for (PackageOutcome p : result.packages()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", p.id());
            item.put("version", p.version());
            item.put("status", p.status().name().toLowerCase(Locale.ROOT));
            item.put("reason", p.reason());
            item.put("steps", p.steps().stream().map(s -> {
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("index", s.index());
                step.put("type", s.type());
                step.put("status", s.status().name().toLowerCase(Locale.ROOT));
                step.put("stage", s.stage());
                step.put("message", s.message());
                return step;
            }).toList());
            packages.add(item);
        }
        json.put("packages", packages);
        json.put("problems", result.problems());
        json.put("started", result.started());
        json.put("finished", result.finished());
        return json;
    }
}
