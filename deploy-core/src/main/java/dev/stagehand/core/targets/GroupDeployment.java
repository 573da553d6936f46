package dev.stagehand.core.targets;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.result.DeploymentResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployment onto several targets, each with its own journal and lock kept on it
 * ({@link Stagehand.Configuration#journalOnTarget()}), so each has its own plan: its install mode
 * and versions come from what its journal says. Up to {@code maxParallel} targets run at once,
 * each through the seven stages. Validate runs on every target (a dry run) before any target
 * changes; then {@link OnTargetError} decides what a failed target does to the others.
 */
public final class GroupDeployment {

    private static final Logger LOG = LoggerFactory.getLogger(GroupDeployment.class);

    /** What a failed target does to the others. */
    public enum OnTargetError {
        /** The other targets finish. */
        CONTINUE,
        /** No new step starts on any target after the first failure (running steps finish); no new target starts. */
        ABORT
    }

    /** One target's plan, or why it could not be planned. */
    public record TargetPlan(NamedTarget target, DeploymentPlan plan, DeploymentException problem) {
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

    private Stagehand open(NamedTarget target, AtomicBoolean stop) {
        Stagehand.Configuration configuration = configurations.apply(target).target(target.uri()).journalOnTarget();
        if (stop != null) {
            configuration.stopWhen(stop::get);
        }
        return configuration.load();
    }

    /**
     * Each target's plan, made from its own journal.
     *
     * @param root the root to plan
     * @return one plan (or problem) per target, in the targets' order
     * @throws InterruptedException when interrupted while the targets are planned
     */
    public List<TargetPlan> plan(RootRequest root) throws InterruptedException {
        return each(target -> {
            try (Stagehand stagehand = open(target, null)) {
                return new TargetPlan(target, stagehand.plan(root), null);
            } catch (DeploymentException e) {
                return new TargetPlan(target, null, located(target, e));
            } catch (IOException | RuntimeException e) {
                return new TargetPlan(target, null, failure(target, e));
            }
        });
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
        List<TargetOutcome> validated = each(target -> run(target, root, options.withDryRun(true), null, false));
        boolean allValid = validated.stream().allMatch(TargetOutcome::succeeded);
        if (!allValid || options.dryRun()) {
            return new Result(validated, !allValid);
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<TargetOutcome> outcomes = each(target -> {
            if (policy == OnTargetError.ABORT && stop.get()) {
                return new TargetOutcome(target, null, new DeploymentException("not started: another target failed"
                        + " and --on-error is abort", Location.ofFile(target.name())), true);
            }
            TargetOutcome outcome = run(target, root, options, policy == OnTargetError.ABORT ? stop : null, true);
            if (!outcome.succeeded() && policy == OnTargetError.ABORT) {
                LOG.warn("target {} failed; no new step starts on any target", target.name());
                stop.set(true);
            }
            return outcome;
        });
        return new Result(outcomes, false);
    }

    private TargetOutcome run(NamedTarget target, RootRequest root, InstallOptions options, AtomicBoolean stop,
                              boolean validated) {
        try (Stagehand stagehand = open(target, stop)) {
            return new TargetOutcome(target, stagehand.install(root, options), null, validated);
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
        T apply(NamedTarget target);
    }

    private <T> List<T> each(PerTarget<T> work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxParallel, targets.size()), r -> {
            Thread t = new Thread(r, "stagehand-target");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (NamedTarget target : targets) {
                futures.add(pool.submit(() -> work.apply(target)));
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
