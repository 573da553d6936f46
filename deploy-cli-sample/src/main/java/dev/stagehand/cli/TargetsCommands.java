package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.result.JournalReport;
import dev.stagehand.core.targets.GroupDeployment;
import dev.stagehand.core.targets.NamedTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code plan}, {@code install} and {@code status} onto the targets of {@link TargetsOptions}:
 * each target with its own plan, journal and lock (kept on it), shown and reported per target.
 */
final class TargetsCommands {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TargetsCommands.class);

    private TargetsCommands() {
    }

    /**
     * The configuration of one target's deployment: the command's sources and parameters, then
     * the target's own values over parameters.json, then {@code --set} over everything.
     */
    static Function<NamedTarget, Stagehand.Configuration> configurations(DeployCommand deploy,
                                                                        DeploymentOptions deployment, List<Path> sources,
                                                                        picocli.CommandLine commandLine,
                                                                        Function<NamedTarget, DeploymentListener> listener) {
        return target -> {
            try {
                Stagehand.Configuration configuration = deployment.configuration(deploy.configure(), sources,
                        deployment.parameters, commandLine);
                // The SSH provider's credentials are secrets whether or not a package declares them.
                configuration.secrets(java.util.Set.of("Ssh.Passphrase", "Ssh.Password"));
                target.parameters().forEach(configuration::set);
                deployment.values.forEach(configuration::set);
                // A local work folder of its own per target: targets run at once.
                configuration.stateDirectory(deployment.state.resolve("targets").resolve(safe(target.name())));
                if (listener != null) {
                    configuration.listener(listener.apply(target));
                }
                return configuration;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static int plan(PrintWriter out, List<NamedTarget> targets, Function<NamedTarget, Stagehand.Configuration> each,
                    RootRequest root, int maxParallel, boolean json) throws InterruptedException {
        List<GroupDeployment.TargetPlan> plans = new GroupDeployment(targets, each, maxParallel).plan(root);
        boolean ok = plans.stream().allMatch(GroupDeployment.TargetPlan::planned);
        if (json) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (GroupDeployment.TargetPlan p : plans) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("target", p.target().name());
                item.put("plan", p.planned() ? PlanCommand.toJson(p.plan()) : null);
                item.put("problems", p.planned() ? List.of() : p.problem().problems());
                items.add(item);
            }
            out.println(JsonOutput.document(Map.of("targets", items)));
        } else {
            for (GroupDeployment.TargetPlan p : plans) {
                out.println("== target " + p.target().name() + " ==");
                if (p.planned()) {
                    PlanCommand.printText(out, p.plan());
                } else {
                    out.println("Cannot plan:");
                    p.problem().problems().forEach(problem -> out.println("  " + problem));
                }
                out.println();
            }
        }
        out.flush();
        return ok ? 0 : DeployCommand.FAILED;
    }

    static int install(PrintWriter out, List<NamedTarget> targets, Function<NamedTarget, Stagehand.Configuration> each,
                       RootRequest root, InstallOptions options, GroupDeployment.OnTargetError policy, int maxParallel,
                       boolean json) throws InterruptedException {
        GroupDeployment.Result result = new GroupDeployment(targets, each, maxParallel).install(root, options, policy);
        if (json) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (GroupDeployment.TargetOutcome t : result.targets()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("target", t.target().name());
                item.put("outcome", outcome(t, result));
                item.put("result", t.result() == null ? null : InstallCommand.toJson(t.result()));
                item.put("problems", t.notStarted() == null ? List.of() : t.notStarted().problems());
                items.add(item);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("type", "GroupResult");
            document.put("succeeded", result.succeeded());
            document.put("validationFailed", result.validationFailed());
            document.put("targets", items);
            out.println(JsonOutput.line(document));
        } else {
            out.println();
            if (result.validationFailed()) {
                out.println("Validation failed on a target; nothing was changed on any target.");
            }
            for (GroupDeployment.TargetOutcome t : result.targets()) {
                out.println("== target " + t.target().name() + ": " + outcome(t, result) + " ==");
                if (t.notStarted() != null) {
                    t.notStarted().problems().forEach(p -> out.println("  " + p));
                } else if (t.result() != null) {
                    InstallCommand.printText(out, t.result());
                }
            }
            long failed = result.targets().stream().filter(t -> !t.succeeded()).count();
            out.println();
            out.println(ValidateCommand.plural(result.targets().size(), "target") + ": "
                    + (result.targets().size() - failed) + " succeeded, " + failed + " failed or not run");
        }
        out.flush();
        return result.succeeded() ? 0 : DeployCommand.FAILED;
    }

    private static String outcome(GroupDeployment.TargetOutcome t, GroupDeployment.Result result) {
        if (result.validationFailed()) {
            return t.succeeded() ? "validated, not run" : "validation failed";
        }
        if (t.notStarted() != null) {
            return "not run";
        }
        return t.result().outcome().name().toLowerCase(java.util.Locale.ROOT);
    }

    static int status(PrintWriter out, List<NamedTarget> targets, Function<NamedTarget, Stagehand.Configuration> each,
                      int last, boolean json) {
        List<Map<String, Object>> items = new ArrayList<>();
        boolean ok = true;
        for (NamedTarget target : targets) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("target", target.name());
            try (Stagehand stagehand = each.apply(target).target(target.uri()).journalOnTarget().load()) {
                JournalReport report = stagehand.status();
                item.put("installed", report.installed());
                item.put("deployments", report.deployments().stream().limit(last).toList());
                if (!json) {
                    out.println("== target " + target.name() + " ==");
                    if (report.installed().isEmpty()) {
                        out.println("Nothing is installed according to its journal.");
                    }
                    report.installed().forEach(p -> out.printf("  %-40s %-14s %s  by %s%n", p.packageId(), p.version(),
                            p.installedAt(), p.deploymentId()));
                }
            } catch (IOException e) {
                LOG.debug("closing the target {}: {}", target.name(), e.toString());
            } catch (DeploymentException e) {
                ok = false;
                item.put("problems", e.problems());
                if (!json) {
                    out.println("== target " + target.name() + " ==");
                    e.problems().forEach(p -> out.println("  " + p));
                }
            }
            items.add(item);
        }
        if (json) {
            out.println(JsonOutput.document(Map.of("targets", items)));
        }
        out.flush();
        return ok ? 0 : DeployCommand.FAILED;
    }
}
