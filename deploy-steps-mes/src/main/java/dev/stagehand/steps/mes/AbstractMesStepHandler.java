package dev.stagehand.steps.mes;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Store;
import dev.stagehand.steps.mes.store.MesDatabase;
import java.util.ArrayList;
import java.util.List;

/**
 * What every MES step shares: its store is the Online database ({@code Product.Database.Online}),
 * reached once per deployment and reported once when it does not answer; Validate reads what
 * exists and creates nothing; Execute migrates the MES tables on first use and writes one
 * transaction per step.
 */
abstract class AbstractMesStepHandler implements StepHandler {

    /** The package's Online database in its package store, for the package hook (which has no step). */
    record PackageDatabase() {
    }

    /** In the package store once a step has written its rows: the Online database is no target's. */
    private record Written(int stepIndex) {
    }

    /** The Online database changes; subclasses add what in it. */
    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) throws Exception {
        List<PlannedChange> changes = new ArrayList<>();
        changes.add(PlannedChange.changes(ChangeKind.DATABASE, MesDatabase.LOGICAL_NAME));
        changes.addAll(planned(context));
        return changes;
    }

    /** The entries, configuration paths, ... the step creates or changes. */
    protected List<PlannedChange> planned(PlanningContext context) throws Exception {
        return List.of();
    }

    @Override
    public final void validate(StepContext context) throws Exception {
        validateStep(context);
        MesDatabase database;
        try {
            database = MesDatabase.of(context);
        } catch (DeploymentException e) {
            context.problems().error(e.reason());
            return;
        }
        context.store(Store.Scope.PACKAGE).put(PackageDatabase.class, database);
        if (database.checkReachable(context)) {
            validateWithDatabase(context, database);
        }
    }

    /** The step's own checks of its attributes, inner elements and files. */
    protected void validateStep(StepContext context) throws Exception {
    }

    /** Checks that read the database (what exists); it answered. */
    protected void validateWithDatabase(StepContext context, MesDatabase database) throws Exception {
    }

    /**
     * Writes the step's rows once per deployment: a deployment onto several targets runs each step
     * on each, but the Online database is the system's, not a target's.
     */
    @Override
    public final void execute(StepContext context) throws Exception {
        Written written = new Written(context.step().index());
        if (context.store(Store.Scope.PACKAGE).get(written, Boolean.class).isPresent()) {
            context.detail("written to " + MesDatabase.LOGICAL_NAME + " on the first target; nothing to do on "
                    + context.target().name());
            return;
        }
        execute(context, MesDatabase.of(context));
        context.store(Store.Scope.PACKAGE).put(written, true);
    }

    protected abstract void execute(StepContext context, MesDatabase database) throws Exception;

    /** The widest names and keys the MES tables hold (see the README's tables). */
    static final int NAME_LENGTH = 400;
    static final int MESSAGE_TYPE_LENGTH = 255;
    static final int VALUE_TYPE_LENGTH = 50;

    /**
     * Whether a value fits its column, reported when not. Checked in Validate so that the database
     * never refuses it in Execute: a database quotes the start of a value it refuses, and a
     * value made from a secret would show there cut short, where masking does not find it.
     */
    static boolean fits(StepContext context, String what, String value, int max) {
        if (value.length() <= max) {
            return true;
        }
        context.problems().error(what + " is " + value.length() + " characters long; at most " + max + " fit");
        return false;
    }

    /** A required, not blank, attribute of an inner element, or a located error naming both. */
    static String required(StepContext context, dev.stagehand.api.model.XmlElement element, String attribute) {
        return element.attribute(attribute).filter(v -> !v.isBlank()).orElseThrow(() -> new DeploymentException(
                "<" + element.name() + "> of step " + context.step().type() + " at line " + element.location().line()
                        + " needs the attribute " + attribute, context.location()));
    }
}
