package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.SavedPlan;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.result.JournalReport;
import dev.stagehand.core.targets.GroupDeployment;
import dev.stagehand.core.targets.NamedTarget;
import dev.stagehand.core.targets.SavedGroupPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code plan}, {@code install}, {@code status} and {@code verify} onto the targets of {@link TargetsOptions}:
 * each target with its own plan, journal and lock (kept on it), shown and reported per target.
 */
final class TargetsCommands {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TargetsCommands.class);

    /** The SSH provider's credentials: secrets whether or not a package declares them. */
    static final java.util.Set<String> SSH_SECRETS = java.util.Set.of("Ssh.Passphrase", "Ssh.Password");

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
        return target -> configuration(deploy, deployment, sources, deployment.parameters,
                deployment.state.resolve("targets").resolve(safe(target.name())), commandLine, target, listener);
    }

    /**
     * The configuration of one target's deployment of a group's saved plan: the sources, local
     * state folder and parameters file its plan was made with ({@code --parameters} and
     * {@code --state} when given instead), the target's own values, then {@code --set}.
     */
    static Function<NamedTarget, Stagehand.Configuration> configurations(DeployCommand deploy,
                                                                        DeploymentOptions deployment,
                                                                        SavedGroupPlan plan,
                                                                        picocli.CommandLine commandLine,
                                                                        Function<NamedTarget, DeploymentListener> listener) {
        boolean stateGiven = commandLine.getParseResult().hasMatchedOption("--state");
        return target -> {
            SavedPlan saved = plan.planOf(target.name());
            for (Path folder : saved.sourceFolders()) {
                if (!Files.isDirectory(folder)) {
                    throw new DeploymentException("the plan's source folder " + folder + " does not exist any more",
                            Location.ofFile(folder.toString()));
                }
            }
            Path own = deployment.state.resolve("targets").resolve(safe(target.name()));
            Path state = stateGiven ? own : saved.stateDirectory().orElse(own);
            Path parameters = deployment.parameters != null ? deployment.parameters
                    : saved.parametersFile().orElse(null);
            return configuration(deploy, deployment, saved.sourceFolders(), parameters, state, commandLine, target,
                    listener);
        };
    }

    private static Stagehand.Configuration configuration(DeployCommand deploy, DeploymentOptions deployment,
                                                         List<Path> sources, Path parameters, Path state,
                                                         picocli.CommandLine commandLine, NamedTarget target,
                                                         Function<NamedTarget, DeploymentListener> listener) {
        try {
            Stagehand.Configuration configuration = deployment.configuration(deploy.configure(), sources,
                    parameters, commandLine);
            configuration.secrets(SSH_SECRETS);
            target.parameters().forEach(configuration::set);
            deployment.values.forEach(configuration::set);
            // A local work folder of its own per target: targets run at once.
            configuration.stateDirectory(state);
            if (listener != null) {
                configuration.listener(listener.apply(target));
            }
            return configuration;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The listener of each target's deployment: its events as JSON lines naming it, or its
     * progress bar among the others'.
     */
    static Function<NamedTarget, DeploymentListener> progress(PrintWriter out, List<NamedTarget> targets,
                                                             boolean json, boolean terminal) {
        if (json) {
            return t -> JsonOutput.events(out, t.name());
        }
        GroupProgress progress = new GroupProgress(out, terminal, targets.stream().map(NamedTarget::name).toList());
        return t -> progress.listener(t.name());
    }

    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Where and for what a group's plans are saved ({@code plan --out}). */
    record SaveTo(Path file, Path targetsFile, String selection, Path parametersFile) {
    }

    static int plan(PrintWriter out, List<NamedTarget> targets, Function<NamedTarget, Stagehand.Configuration> each,
                    RootRequest root, int maxParallel, boolean json, Path parametersFile, SaveTo saveTo)
            throws InterruptedException, IOException {
        List<GroupDeployment.TargetPlan> plans = new GroupDeployment(targets, each, maxParallel).plan(root,
                parametersFile);
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
        if (saveTo != null && ok) {
            SavedGroupPlan.of(saveTo.targetsFile(), saveTo.selection(), plans).write(saveTo.file());
            if (!json) {
                out.println("Saved the plans of " + ValidateCommand.plural(plans.size(), "target") + " to "
                        + saveTo.file() + "; deploy exactly them with: deploy install --plan " + saveTo.file());
            }
        } else if (saveTo != null && !json) {
            out.println("Nothing was saved to " + saveTo.file() + ": a target could not be planned.");
        }
        out.flush();
        return ok ? 0 : DeployCommand.FAILED;
    }

    /** What a group's deployment runs: a root planned now on each target, or a saved plan of the group. */
    interface GroupRun {
        GroupDeployment.Result run(GroupDeployment group) throws InterruptedException;
    }

    static int install(PrintWriter out, List<NamedTarget> targets, Function<NamedTarget, Stagehand.Configuration> each,
                       GroupRun run, int maxParallel, boolean json) throws InterruptedException {
        GroupDeployment.Result result = run.run(new GroupDeployment(targets, each, maxParallel));
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
            printText(out, result);
        }
        out.flush();
        return result.succeeded() ? 0 : DeployCommand.FAILED;
    }

    /** A group's outcome for people: each target's, then how many succeeded. */
    static void printText(PrintWriter out, GroupDeployment.Result result) {
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

    private static String outcome(GroupDeployment.TargetOutcome t, GroupDeployment.Result result) {
        if (result.validationFailed()) {
            return t.succeeded() ? "validated, not run" : "validation failed";
        }
        if (t.notStarted() != null) {
            return "not run";
        }
        return t.result().outcome().name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The configuration that reads a target's own journal ({@code status}, {@code verify}): no
     * sources, a local state folder of its own per target, the target's values, then {@code --set}.
     */
    static Function<NamedTarget, Stagehand.Configuration> journalOnTarget(DeployCommand deploy, Path state,
                                                                         Map<String, String> values) {
        return target -> {
            Stagehand.Configuration configuration = deploy.configure().stateDirectory(state.resolve("targets")
                    .resolve(safe(target.name()))).secrets(SSH_SECRETS);
            target.parameters().forEach(configuration::set);
            values.forEach(configuration::set);
            return configuration;
        };
    }

    /** Each target compared with its own journal, one after the other; 1 when one differs or cannot be read. */
    static int verify(PrintWriter out, List<NamedTarget> targets, Function<NamedTarget, Stagehand.Configuration> each,
                      boolean deep, boolean json) {
        List<Map<String, Object>> items = new ArrayList<>();
        boolean clean = true;
        for (NamedTarget target : targets) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("target", target.name());
            if (!json) {
                out.println("== target " + target.name() + " ==");
            }
            try (Stagehand stagehand = each.apply(target).target(target.uri()).journalOnTarget().load()) {
                dev.stagehand.core.result.DriftReport report = stagehand.verify(deep);
                clean &= report.clean();
                item.put("clean", report.clean());
                item.putAll(VerifyCommand.toJson(report));
                if (!json) {
                    VerifyCommand.printText(out, report);
                }
            } catch (IOException | DeploymentException e) {
                DeploymentException problem = e instanceof DeploymentException located ? located
                        : new DeploymentException(target.name() + ": " + e.getMessage(), Location.UNKNOWN, e);
                clean = false;
                item.put("clean", false);
                item.put("problems", problem.problems());
                if (!json) {
                    problem.problems().forEach(p -> out.println("  " + p));
                }
            }
            items.add(item);
        }
        if (json) {
            out.println(JsonOutput.document(Map.of("clean", clean, "targets", items)));
        } else if (targets.size() > 1) {
            out.println();
            long differing = items.stream().filter(i -> !Boolean.TRUE.equals(i.get("clean"))).count();
            out.println(ValidateCommand.plural(targets.size(), "target") + ": " + (targets.size() - differing)
                    + " as recorded, " + differing + " with drift or not read");
        }
        out.flush();
        return clean ? 0 : DeployCommand.FAILED;
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
