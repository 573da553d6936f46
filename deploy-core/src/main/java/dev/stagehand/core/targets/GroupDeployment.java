package dev.stagehand.core.targets;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.spi.Store;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.SavedPlan;
import dev.stagehand.core.internal.engine.DefaultStore;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.StopSignal;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.result.DeploymentResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployment onto several targets, each with its own journal and lock kept on it
 * ({@link Stagehand.Configuration#journalOnTarget()}), so each has its own plan: its install mode
 * and versions come from what its journal says. Up to {@code maxParallel} targets run at once,
 * each through the seven stages. Validate runs on every target (a dry run) before any target
 * changes; then {@link OnTargetError} decides what a failed target does to the others. Each
 * target is opened once per deployment: the run reuses what its dry run opened (for an SSH
 * target, one connection), and a target is closed as soon as its run ends. The targets'
 * deployments share one {@link Store.Scope#GROUP} store, closed when the last has ended.
 */
public final class GroupDeployment {

    private static final Logger LOG = LoggerFactory.getLogger(GroupDeployment.class);

    /** What a failed target does to the others. */
    public enum OnTargetError {
        /** The other targets finish. */
        CONTINUE,
        /**
         * No new step starts on any target after the first failure (running steps finish; the steps
         * not started say {@code stopped: target NAME failed}); no new target starts.
         */
        ABORT
    }

    /**
     * One target's plan, or why it could not be planned.
     *
     * @param target  the target
     * @param plan    its plan, made from its own journal; null when it could not be planned
     * @param saved   the plan's saved form, pinned to the target and its local state folder; null without a plan
     * @param problem why it could not be planned; null when it was
     */
    public record TargetPlan(NamedTarget target, DeploymentPlan plan, SavedPlan saved, DeploymentException problem) {
        /** {@return whether the target has a plan} */
        public boolean planned() {
            return plan != null;
        }
    }

    /**
     * How one target ended.
     *
     * @param result     its deployment's result (a dry run's when validation failed somewhere); null when it never started
     * @param notStarted why it did not start (its own problem, or another target's failure); null when it ran
     * @param validated  whether it got past Validate on every target, so it was allowed to change
     */
    public record TargetOutcome(NamedTarget target, DeploymentResult result, DeploymentException notStarted,
                                boolean validated) {
        /** {@return whether it ran and its deployment succeeded} */
        public boolean succeeded() {
            return result != null && notStarted == null && result.succeeded();
        }
    }

    /** Every target's outcome, in the order the targets were given. */
    public record Result(List<TargetOutcome> targets, boolean validationFailed) {
        /**
         * Keeps a copy of the outcomes.
         *
         * @param targets          each target's outcome
         * @param validationFailed whether Validate failed on a target, so that none changed
         */
        public Result {
            targets = List.copyOf(targets);
        }

        /** {@return whether every target succeeded} */
        public boolean succeeded() {
            return !validationFailed && targets.stream().allMatch(TargetOutcome::succeeded);
        }
    }

    private final List<NamedTarget> targets;
    private final Function<NamedTarget, Stagehand.Configuration> configurations;
    private final int maxParallel;
    /** The stop of the install running now with {@link OnTargetError#ABORT}; null before one. */
    private volatile StopSignal stop;

    /**
     * A deployment to several targets.
     *
     * @param targets        the targets, in the order to report them
     * @param configurations the configuration of one target's deployment (sources, parameters,
     *                       its own values, listeners), without the target: it is added here
     * @param maxParallel    how many targets at once (at least 1)
     */
    public GroupDeployment(List<NamedTarget> targets, Function<NamedTarget, Stagehand.Configuration> configurations,
                           int maxParallel) {
        if (targets.isEmpty() || maxParallel < 1) {
            throw new IllegalArgumentException("a group deployment needs targets and a positive parallelism");
        }
        this.targets = List.copyOf(targets);
        this.configurations = Objects.requireNonNull(configurations);
        this.maxParallel = maxParallel;
    }

    private Stagehand open(NamedTarget target, StopSignal stop, AtomicBoolean live, Store group) {
        Stagehand.Configuration configuration = configurations.apply(target).target(target.uri()).journalOnTarget();
        if (group != null) {
            configuration.groupStore(group);
        }
        if (stop != null) {
            configuration.stopWhen(stop);
            // At the failure itself, not when the target's run ends: the others stop before their next step.
            // Only in the run: a step the dry run fails stops nothing, the validation result says it.
            configuration.listener(event -> {
                if (live.get() && event instanceof DeploymentEvent.StepFailed) {
                    stopOthers(stop, target);
                }
            });
        }
        return configuration.load();
    }

    private static void stopOthers(StopSignal stop, NamedTarget failed) {
        if (stop.stop("target " + failed.name() + " failed")) {
            LOG.warn("target {} failed; no new step starts on any target", failed.name());
        }
    }

    /**
     * Why the targets of the install running now (or last run) were told to start no new step:
     * {@code target NAME failed} once a target failed with {@link OnTargetError#ABORT}.
     *
     * @return the reason; empty while no target failed, and with {@link OnTargetError#CONTINUE}
     */
    public Optional<String> stopReason() {
        StopSignal current = stop;
        return current == null ? Optional.empty() : current.reason();
    }

    /**
     * Each target's plan, made from its own journal, with its saved form.
     *
     * @param root           the root to plan
     * @param parametersFile the parameters file the plans are made with, named in their saved forms; null for none
     * @return one plan (or problem) per target, in the targets' order
     * @throws InterruptedException when interrupted while the targets are planned
     */
    public List<TargetPlan> plan(RootRequest root, Path parametersFile) throws InterruptedException {
        return each((index, target) -> {
            try (Stagehand stagehand = open(target, null, null, null)) {
                DeploymentPlan plan = stagehand.plan(root);
                return new TargetPlan(target, plan, stagehand.save(plan, parametersFile), null);
            } catch (DeploymentException e) {
                return new TargetPlan(target, null, null, located(target, e));
            } catch (IOException | RuntimeException e) {
                return new TargetPlan(target, null, null, failure(target, e));
            }
        });
    }

    /** What one target's deployment runs (an install, an uninstall, a rollback), on the instance opened for it. */
    @FunctionalInterface
    public interface TargetWork {
        /**
         * Runs on one target.
         *
         * @param stagehand the instance opened for the target, its journal and lock on it
         * @param options   how to run: a dry run first on every target, then the run itself
         * @return what happened
         * @throws IOException          when the target, its journal or a package cannot be read or written
         * @throws InterruptedException when interrupted while it runs
         */
        DeploymentResult run(Stagehand stagehand, InstallOptions options) throws IOException, InterruptedException;
    }

    /**
     * Validates on every target, then deploys to each, {@code maxParallel} at once.
     *
     * @param root    the root to deploy
     * @param options how to run each target's deployment
     * @param policy  what a failure on one target does to the others
     * @return every target's outcome
     * @throws InterruptedException when interrupted while the targets deploy
     */
    public Result install(RootRequest root, InstallOptions options, OnTargetError policy) throws InterruptedException {
        return install(target -> (stagehand, o) -> stagehand.install(root, o), options, policy);
    }

    /**
     * Runs a saved plan of the group ({@link SavedGroupPlan}) exactly: each target its own saved
     * plan, refused on every target (nothing changes anywhere) when the journal, the manifests or
     * the parameters of one target no longer give the digest it was approved with.
     *
     * @param plan    the saved plan of the group; its targets are this deployment's
     * @param options how to run each target's deployment
     * @param policy  what a failure on one target does to the others
     * @return every target's outcome
     * @throws InterruptedException when interrupted while the targets deploy
     */
    public Result install(SavedGroupPlan plan, InstallOptions options, OnTargetError policy)
            throws InterruptedException {
        return install(target -> {
            SavedPlan saved = plan.planOf(target.name());
            return (stagehand, o) -> stagehand.install(saved, o);
        }, options, policy);
    }

    /**
     * Runs any work on every target as {@link #install(RootRequest, InstallOptions, OnTargetError)}
     * runs an install: as a dry run on every target first, then, when all passed, on each.
     *
     * @param work    what runs on each target, e.g. {@code (stagehand, o) -> stagehand.uninstall(request, o)}
     * @param options how to run each target's deployment
     * @param policy  what a failure on one target does to the others
     * @return every target's outcome
     * @throws InterruptedException when interrupted while the targets run
     */
    public Result run(TargetWork work, InstallOptions options, OnTargetError policy) throws InterruptedException {
        return install(target -> work, options, policy);
    }

    private Result install(Function<NamedTarget, TargetWork> deploys, InstallOptions options, OnTargetError policy)
            throws InterruptedException {
        StopSignal stop = policy == OnTargetError.ABORT ? new StopSignal() : null;
        this.stop = stop;
        AtomicBoolean live = new AtomicBoolean();
        // Each target is opened once, by its dry run, and the run reuses it: one connection (one key
        // exchange, one login) per target per deployment. The dry run takes no lock; the run takes it.
        Map<Integer, Stagehand> opened = new ConcurrentHashMap<>();
        // What the targets' deployments share (a local file hashed once for all), from the dry runs to the last run.
        DefaultStore group = new DefaultStore("group", UnaryOperator.identity());
        try {
            List<TargetOutcome> validated = each((index, target) -> run(target, () -> opened.computeIfAbsent(index,
                    i -> open(target, stop, live, group)), deploys.apply(target), options.withDryRun(true), false));
            boolean allValid = validated.stream().allMatch(TargetOutcome::succeeded);
            if (!allValid || options.dryRun()) {
                return new Result(validated, !allValid);
            }
            live.set(true);
            List<TargetOutcome> outcomes = each((index, target) -> {
                try {
                    if (stop != null && stop.reason().isPresent()) {
                        return new TargetOutcome(target, null, new DeploymentException("not started: "
                                + stop.reason().get() + " and --on-error is abort", Location.ofFile(target.name())),
                                true);
                    }
                    TargetOutcome outcome = run(target, () -> opened.get(index), deploys.apply(target), options, true);
                    if (!outcome.succeeded() && stop != null) {
                        stopOthers(stop, target);
                    }
                    return outcome;
                } finally {
                    // Released as soon as this target is done, not when the last target is.
                    close(target, opened.remove(index));
                }
            });
            return new Result(outcomes, false);
        } finally {
            opened.forEach((index, stagehand) -> close(targets.get(index), stagehand));
            group.close();
        }
    }

    private static void close(NamedTarget target, Stagehand stagehand) {
        if (stagehand == null) {
            return;
        }
        try {
            stagehand.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("target {} could not be closed: {}", target.name(), e.toString());
        }
    }

    private TargetOutcome run(NamedTarget target, Supplier<Stagehand> opened, TargetWork deploy,
                              InstallOptions options, boolean validated) {
        try {
            return new TargetOutcome(target, deploy.run(opened.get(), options), null, validated);
        } catch (DeploymentException e) {
            return new TargetOutcome(target, null, located(target, e), validated);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TargetOutcome(target, null, failure(target, e), validated);
        } catch (IOException | RuntimeException e) {
            return new TargetOutcome(target, null, failure(target, e), validated);
        }
    }

    private interface PerTarget<T> {
        T apply(int index, NamedTarget target);
    }

    private <T> List<T> each(PerTarget<T> work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxParallel, targets.size()), r -> {
            Thread t = new Thread(r, "stagehand-target");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> work.apply(index, targets.get(index))));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a target's deployment failed unexpectedly", e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static DeploymentException located(NamedTarget target, DeploymentException e) {
        return e.getMessage().contains(target.name()) ? e : new DeploymentException(target.name() + ": " + e.reason(),
                e.location(), e);
    }

    private static DeploymentException failure(NamedTarget target, Exception e) {
        return new DeploymentException(target.name() + ": " + e.getMessage(), Location.UNKNOWN, e);
    }
}
