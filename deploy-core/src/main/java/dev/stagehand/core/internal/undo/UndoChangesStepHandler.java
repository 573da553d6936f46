package dev.stagehand.core.internal.undo;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.Reversibility;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.UndoStore;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The step an uninstall or a rollback runs for each package (the engine gives it to the plans it
 * makes for them, never to a manifest): Validate lists what cannot be undone, Execute puts the
 * package's files back as its change records say, keeping and naming each file changed since.
 * {@code mode="uninstall"} goes back to before the package; {@code mode="rollback"
 * deployments="ID ..."} to before the oldest of those deployments.
 */
public final class UndoChangesStepHandler implements StepHandler {

    /** Not a type a manifest can use: the engine serves it only in the plans of undoing runs. */
    public static final String TYPE = "Stagehand.UndoChanges";

    @Override
    public Set<String> stepTypes() {
        return Set.of(TYPE);
    }

    @Override
    public Reversibility reversibility(StepDescriptor step) {
        return Reversibility.IRREVERSIBLE;
    }

    @Override
    public void validate(StepContext context) throws Exception {
        FileUndos.Work work = work(context);
        boolean force = context.flag("force", false);
        for (String cannot : work.cannot()) {
            if (rollback(context) && !force) {
                context.problems().error("cannot roll back " + cannot);
            } else {
                context.problems().warning("not undone: " + cannot);
            }
        }
    }

    @Override
    public void execute(StepContext context) throws Exception {
        FileUndos.Work work = work(context);
        if (context.dryRun()) {
            context.log().info("would put back {} files", work.files().size());
            return;
        }
        UndoStore store = context.undoStore().orElseThrow(() -> new DeploymentException(
                "no undo store: this run cannot put files back", context.location()));
        FileUndos.Done done = FileUndos.apply(work, context.target(), store);
        for (String kept : done.kept()) {
            context.problems().warning("kept " + kept);
            context.notice("kept " + kept);
        }
        context.detail(done.removed() + " files removed, " + done.restored() + " put back, " + done.kept().size()
                + " kept");
    }

    private static boolean rollback(StepContext context) {
        return context.attribute("mode").orElse("uninstall").equals("rollback");
    }

    private static FileUndos.Work work(StepContext context) {
        String target = context.target().name();
        if (!rollback(context)) {
            return FileUndos.uninstall(context.recordedChanges(), target);
        }
        Set<String> deployments = new LinkedHashSet<>(Arrays.asList(context.attribute("deployments").orElse("")
                .trim().split(" +")));
        return FileUndos.rollback(context.recordedChanges(), target, deployments);
    }
}
