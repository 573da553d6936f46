package dev.stagehand.api.spi;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.model.StepDescriptor;
import java.util.List;
import java.util.Set;

/**
 * Handles the steps of one or more types. Found with {@link java.util.ServiceLoader}
 * (annotate the implementation with {@code @AutoService(StepHandler.class)}); one instance
 * serves every step of its types, so per-step state belongs in the step's
 * {@link StepContext#store store}.
 *
 * <p>Every stage has a default method that does nothing: a handler that only executes overrides
 * {@link #execute}, and the engine calls a handler only in the stages it overrides. The engine,
 * not the handler, owns the order of stages, errors and events. A handler signals failure by
 * throwing (any exception; a {@link DeploymentException} keeps its message as is) or by
 * reporting an error through {@link StepContext#problems()}: either fails the step, in any
 * stage. In {@link #validate} it reports problems rather than throwing, so that one report lists
 * them all before anything is changed.
 *
 * <p>Beyond the stages, default methods tell the planner what a step pulls into the plan
 * ({@link #deploys}) and what it will create or change ({@link #plannedChanges}), let a handler
 * act once per package after a stage ({@link #afterPackage}), react to a failure
 * ({@link #onFailure}), say how a resumed deployment treats a completed step ({@link #onResume},
 * {@link #fingerprint}), and declare the variables it treats as secrets ({@link #secretVariables}).
 */
public interface StepHandler {

    /** What a resumed deployment does with a stage a step completed in an earlier run. */
    enum Resume {
        /** Skip it while the step's fingerprint is unchanged; run it again when it changed. The default. */
        SKIP_IF_UNCHANGED,
        /** Always run it again: its work lives only in the run's own work folder (TaggedFile's tagged copy). */
        RUN_AGAIN
    }

    /** {@return the step types this handler serves; matched ignoring case} */
    Set<String> stepTypes();

    /**
     * When two handlers claim a type, the higher priority wins (configuration can force one).
     * Built-in handlers use 0; a plugin that wants to replace one uses more.
     *
     * @return this handler's priority
     */
    default int priority() {
        return 0;
    }

    /**
     * Names of variables whose values this handler treats as secrets, besides {@code Password}
     * variables and names ending in {@code Password} (a license, a token): masked in every output.
     *
     * @return the extra secret names, matched ignoring case
     */
    default Set<String> secretVariables() {
        return Set.of();
    }

    /**
     * The packages a step pulls into the plan, as {@code DeployPackage} does; read from the raw
     * step at planning time.
     *
     * @param step the step as declared
     * @return the packages it asks for; empty for most steps
     */
    default List<PackageRequest> deploys(StepDescriptor step) {
        return List.of();
    }

    /**
     * What a step will create or change on its target (folders, files, databases, patches,
     * configuration entries), for the preparation notice and for later steps' Validate. Asked at
     * planning time, when nothing may be touched. A {@link dev.stagehand.api.ValidationException}
     * says the step cannot run as written (a path that climbs out of its folder once variables are
     * expanded): the plan is refused with its problems; any other exception only leaves the
     * step's changes out of the notice.
     *
     * @param context the step, its package and variables as far as they are known when planning
     * @return the changes this step will make, in the order it makes them
     * @throws Exception when the changes cannot be told; a {@link DeploymentException} refuses the plan
     */
    default List<PlannedChange> plannedChanges(PlanningContext context) throws Exception {
        return List.of();
    }

    /**
     * Whether an uninstall or a rollback can undo what this step does: the plan shows the steps
     * that cannot, and the journal keeps an {@link dev.stagehand.api.journal.ChangeRecord#IRREVERSIBLE}
     * record for each stage they complete, so a rollback knows what it cannot undo. Conservative
     * by default: a handler that records {@link dev.stagehand.api.journal.FileUndo}s for all it
     * changes, or changes nothing on the target, says so.
     *
     * @param step the step as the manifest writes it
     * @return whether its changes can be undone; {@link Reversibility#IRREVERSIBLE} unless overridden
     */
    default Reversibility reversibility(StepDescriptor step) {
        return Reversibility.IRREVERSIBLE;
    }

    /**
     * How a resumed deployment treats a stage this step completed in an earlier run.
     *
     * @param context the step being resumed
     * @return {@link Resume#SKIP_IF_UNCHANGED} unless overridden
     */
    default Resume onResume(StepContext context) {
        return Resume.SKIP_IF_UNCHANGED;
    }

    /**
     * Adds to the step's fingerprint what its work depends on beyond its attributes, inner
     * elements, the variables they use and the files of its {@code contentPath} (which the engine
     * adds): other package files it reads, for instance.
     *
     * @param context the step
     * @param fingerprint what to add to
     * @throws Exception when what the step depends on cannot be read
     */
    default void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
    }

    /**
     * Initialize: parse and check what the step can know before touching anything (the plan is being built).
     *
     * @param context the step in this stage
     * @throws Exception to fail the step
     */
    default void initialize(StepContext context) throws Exception {
    }

    /**
     * Acquire: detect what is installed, fetch what the step needs, add to the preparation notice.
     *
     * @param context the step in this stage
     * @throws Exception to fail the step
     */
    default void acquire(StepContext context) throws Exception {
    }

    /**
     * Validate: check variables, prerequisites, connections and permissions; report every problem
     * rather than throwing, since nothing is changed until every step has passed.
     *
     * @param context the step in this stage
     * @throws Exception to fail the step
     */
    default void validate(StepContext context) throws Exception {
    }

    /**
     * Prepare: create or change what receives the packages (folders, databases, services).
     *
     * @param context the step in this stage
     * @throws Exception to fail the step
     */
    default void prepare(StepContext context) throws Exception {
    }

    /**
     * Execute: deploy, in plan order.
     *
     * @param context the step in this stage
     * @throws Exception to fail the step
     */
    default void execute(StepContext context) throws Exception {
    }

    /**
     * Complete: finish the work (start services, register uninstall information).
     *
     * @param context the step in this stage
     * @throws Exception to fail the step
     */
    default void complete(StepContext context) throws Exception {
    }

    /**
     * Always runs; {@link StepContext#result()} tells how the step and the deployment went.
     *
     * @param context the step in this stage, with its result
     * @throws Exception logged and reported; the other steps' cleanup still runs
     */
    default void cleanup(StepContext context) throws Exception {
    }

    /**
     * Called once per package and stage, after every step of the package has run that stage, for
     * a handler with steps in the package (the MES steps wait there for the package's integration
     * entries). A failure fails the package as a step's would.
     *
     * @param stage the stage the package's steps just finished
     * @param context the package, its steps of this handler and the targets
     * @throws Exception to fail the package
     */
    default void afterPackage(PipelineStage stage, PackageContext context) throws Exception {
    }

    /**
     * Called right after a stage of this step failed (the handler threw or reported an error),
     * in that stage, before anything else runs: undo what is half done, note what must be cleaned.
     * Not called for Cleanup. What it throws is logged, not reported.
     *
     * @param context the step whose stage failed
     * @param failure what failed it
     * @throws Exception logged, never reported; the failure stands as it was
     */
    default void onFailure(StepContext context, DeploymentException failure) throws Exception {
    }

    /**
     * Runs the method of {@code stage}; the engine calls this.
     *
     * @param stage the stage to run
     * @param context the step in that stage
     * @throws Exception what the stage's method throws
     */
    default void run(PipelineStage stage, StepContext context) throws Exception {
        switch (stage) {
            case INITIALIZE -> initialize(context);
            case ACQUIRE -> acquire(context);
            case VALIDATE -> validate(context);
            case PREPARE -> prepare(context);
            case EXECUTE -> execute(context);
            case COMPLETE -> complete(context);
            case CLEANUP -> cleanup(context);
            default -> throw new IllegalArgumentException("unknown stage " + stage);
        }
    }
}
