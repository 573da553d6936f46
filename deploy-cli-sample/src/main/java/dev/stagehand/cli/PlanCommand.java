package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.PackageAction;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.plan.PlannedStep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** {@code deploy plan}: what deploying a root would do, touching nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Works out the packages, versions and order a deployment of ROOT would use, touching nothing.")
final class PlanCommand implements Callable<Integer> {

    /** Version of the JSON this command prints; raised when a field changes meaning or goes away. */
    static final int JSON_SCHEMA_VERSION = 1;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @CommandLine.Mixin
    DeploymentOptions.Source source;

    @CommandLine.Mixin
    DeploymentOptions deployment;

    @CommandLine.Mixin
    TargetsOptions targets;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Also save the plan to FILE (no secret value in it), to run exactly it later with"
                    + " install --plan FILE; with --targets, one plan per target.")
    Path saveTo;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (saveTo != null && saveTo.toAbsolutePath().getParent() != null
                && !Files.isDirectory(saveTo.toAbsolutePath().getParent())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such folder for --out: "
                    + saveTo.toAbsolutePath().getParent());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (targets.given()) {
            if (saveTo != null && targets.file == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out saves the plans of targets of a"
                        + " targets file (read again when they run): use --targets FILE --target NAME|GROUP, not"
                        + " --target-uri");
            }
            try {
                return TargetsCommands.plan(out, targets.selected(spec.commandLine()), TargetsCommands.configurations(
                        deploy, deployment, source.existingFolders(spec.commandLine()), spec.commandLine(), null),
                        source.rootRequest(), targets.maxParallel, json, deployment.parameters, saveTo == null ? null
                                : new TargetsCommands.SaveTo(saveTo, targets.file, targets.name, deployment.parameters));
            } catch (DeploymentException e) {
                printFailure(out, e);
                return DeployCommand.FAILED;
            }
        }
        DeploymentPlan plan;
        try (Stagehand stagehand = deploy.load(deployment.configuration(deploy.configure(),
                source.existingFolders(spec.commandLine()), deployment.parameters, spec.commandLine()))) {
            plan = stagehand.plan(source.rootRequest());
            if (saveTo != null) {
                // Pinned, so that running it from another folder deploys where it was approved to.
                stagehand.save(plan, deployment.parameters).write(saveTo);
            }
        } catch (DeploymentException e) {
            printFailure(out, e);
            return DeployCommand.FAILED;
        }
        if (json) {
            out.println(JsonOutput.document(toJson(plan)));
        } else {
            printText(out, plan);
            if (saveTo != null) {
                out.println();
                out.println("Saved the plan to " + saveTo + "; deploy exactly it with: deploy install --plan " + saveTo);
            }
        }
        out.flush();
        return 0;
    }

    private void printFailure(PrintWriter out, DeploymentException e) {
        if (json) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("schemaVersion", JSON_SCHEMA_VERSION);
            failure.put("root", source.root);
            failure.put("planned", false);
            failure.put("problems", e.problems());
            out.println(JsonOutput.document(failure));
        } else {
            out.println("No plan for " + source.root + ":");
            e.problems().forEach(p -> out.println("  " + p));
        }
        out.flush();
    }

    static String action(PackageAction mode) {
        return switch (mode.kind()) {
            case NEW -> "new";
            case UPGRADE -> "upgrade from " + mode.installedVersion();
            case UP_TO_DATE -> "up to date";
        };
    }

    static void printText(PrintWriter out, DeploymentPlan plan) {
        long work = plan.toDeploy().size();
        out.printf("Plan for %s@%s: %s installation, %s to deploy, %d up to date%n", plan.rootId(), plan.rootVersion(),
                plan.mode().name().toLowerCase(Locale.ROOT), ValidateCommand.plural(work, "package version"),
                plan.packages().size() - work);
        if (plan.nothingToDo()) {
            out.println("Nothing to do: every package is installed at the selected version.");
        }
        int idWidth = Math.max(7, plan.packages().stream().mapToInt(p -> p.id().length()).max().orElse(0));
        int versionWidth = Math.max(7, plan.packages().stream().mapToInt(p -> p.version().length()).max().orElse(0));
        String row = "  %3s  %-" + idWidth + "s  %-" + versionWidth + "s  %-20s %-14s %5s  %s%n";
        out.printf(row, "#", "package", "version", "action", "strategy", "steps", "type");
        int n = 0;
        for (PlannedPackage p : plan.packages()) {
            out.printf(row, p.hasWork() ? String.valueOf(++n) : "-", p.id(), p.version(), action(p.action()),
                    p.strategy(), p.steps().size(), p.type() == null ? "" : p.type());
        }
        out.println();
        out.println("Steps:");
        for (PlannedPackage p : plan.toDeploy()) {
            out.println("  " + p.coordinates() + "  (" + String.join("; ", p.includedBy()) + ")");
            for (PlannedStep step : p.steps()) {
                out.println("    " + step.index() + ". " + step.type() + (step.summary().isEmpty() ? "" : "  "
                        + step.summary()) + (step.irreversible() ? "  [cannot be undone]" : ""));
            }
        }
        List<String> irreversible = plan.toDeploy().stream().flatMap(p -> p.steps().stream()
                .filter(PlannedStep::irreversible).map(s -> p.coordinates() + " step " + s.index() + " " + s.type()))
                .toList();
        if (!irreversible.isEmpty()) {
            out.println();
            out.println("Cannot be undone by a rollback (" + irreversible.size() + "): " + String.join(", ",
                    irreversible));
        }
        if (!plan.notice().isEmpty()) {
            out.println();
            out.println("Preparation notice: the deployment will create or change");
            plan.notice().forEach(line -> out.println("  " + line));
        }
        if (!plan.warnings().isEmpty()) {
            out.println();
            out.println("Warnings:");
            plan.warnings().forEach(w -> out.println("  " + w));
        }
    }

    /** The documented JSON form of a plan (see README, "deploy plan --json"). */
    static Map<String, Object> toJson(DeploymentPlan plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", JSON_SCHEMA_VERSION);
        json.put("planned", true);
        json.put("root", Map.of("id", plan.rootId(), "version", plan.rootVersion()));
        json.put("mode", plan.mode().name().toLowerCase(Locale.ROOT));
        List<Map<String, Object>> packages = new ArrayList<>();
        for (PlannedPackage p : plan.packages()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", p.id());
            item.put("version", p.version());
            item.put("type", p.type());
            item.put("strategy", p.strategy().manifestName());
            item.put("action", switch (p.action().kind()) {
                case NEW -> "new";
                case UPGRADE -> "upgrade";
                case UP_TO_DATE -> "up-to-date";
            });
            item.put("from", p.action().installedVersion());
            item.put("includedBy", p.includedBy());
            item.put("steps", p.steps().stream().map(s -> Map.of("index", s.index(), "type", s.type(),
                    "summary", s.summary(), "undo", s.undo().name().toLowerCase(Locale.ROOT))).toList());
            packages.add(item);
        }
        json.put("packages", packages);
        json.put("notice", plan.notice());
        json.put("warnings", plan.warnings());
        return json;
    }
}
