package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Problem;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.OnError;
import dev.stagehand.core.result.PackageOutcome;
import dev.stagehand.api.Status;
import dev.stagehand.core.result.StepOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
import picocli.CommandLine.Spec;

/** {@code deploy install}: plan, confirm, run the seven stages, report. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Deploys ROOT and everything it needs: plans, asks to go on, runs, and reports what ran.")
final class InstallCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DeploymentOptions deployment;

    @Option(names = "--on-error", paramLabel = "abort|continue", defaultValue = "abort",
            description = "On a failed step: abort (default) or continue with the packages that do not depend on it.")
    String onError;

    @Option(names = "--dry-run", description = "Plan and validate only; change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask before deploying.")
    boolean yes;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "Wait this long for another deployment of the same state folder (default: fail at once).")
    long lockWait;

    @Option(names = "--json", description = "Print events as JSON, one object per line, then the result.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        OnError policy = switch (onError.toLowerCase(Locale.ROOT)) {
            case "abort" -> OnError.ABORT;
            case "continue" -> OnError.CONTINUE;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--on-error must be abort or continue, not " + onError);
        };
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null && !json;
        try {
            Stagehand.Configuration configuration = deployment.configuration(spec.commandLine());
            configuration.listener(json ? JsonOutput.events(out) : new ProgressListener(out, terminal));
            Stagehand stagehand = configuration.load();
            RootRequest request = deployment.rootRequest();
            if (!json) {
                DeploymentPlan plan = stagehand.plan(request);
                if (plan.nothingToDo()) {
                    out.println("Nothing to do: " + plan.rootId() + "@" + plan.rootVersion()
                            + " and everything it needs are installed (" + ValidateCommand.plural(plan.packages().size(),
                            "package") + " up to date).");
                    out.flush();
                    return 0;
                }
                PlanCommand.printText(out, plan);
                out.println();
                out.flush();
                if (!yes && terminal && !dryRun && !confirm(out)) {
                    out.println("Nothing was changed.");
                    return DeployCommand.FAILED;
                }
            }
            InstallOptions options = InstallOptions.DEFAULTS.withOnError(policy).withDryRun(dryRun)
                    .withLockWait(Duration.ofSeconds(lockWait));
            DeploymentResult result = stagehand.install(request, options);
            if (json) {
                out.println(JsonOutput.line(Map.of("type", "DeploymentResult", "result", toJson(result))));
            } else {
                printResult(out, result);
            }
            out.flush();
            return result.succeeded() ? 0 : DeployCommand.FAILED;
        } catch (DeploymentException e) {
            if (json) {
                out.println(JsonOutput.line(Map.of("type", "DeploymentFailed", "problems",
                        e.problems().stream().map(JsonProblems::toMap).toList())));
            } else {
                out.println("Deployment not started:");
                e.problems().forEach(p -> out.println("  " + p));
            }
            out.flush();
            return DeployCommand.FAILED;
        }
    }

    private boolean confirm(PrintWriter out) throws IOException {
        out.print("Deploy? [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }

    private static void printResult(PrintWriter out, DeploymentResult result) {
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
                step.put("stage", s.stage() == null ? null : s.stage().displayName());
                step.put("message", s.message());
                return step;
            }).toList());
            packages.add(item);
        }
        json.put("packages", packages);
        json.put("problems", result.problems().stream().map(JsonProblems::toMap).toList());
        json.put("started", result.started().toString());
        json.put("finished", result.finished().toString());
        return json;
    }
}
