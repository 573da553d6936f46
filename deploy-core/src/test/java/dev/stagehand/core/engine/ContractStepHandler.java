package dev.stagehand.core.engine;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PackageContext;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Store;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Test step types, one per promise of the API, each noting in {@link #RECORD} what it saw:
 * {@code Store} (values in the three stores), {@code Report} (an error reported in the stage its
 * {@code in} attribute names), {@code Hooked} (acts after its package's stages), {@code Lifecycle}
 * (fails when {@code fail="true"}; notes onFailure and its Cleanup result), {@code Remember}
 * (records a change and notes what earlier deployments recorded), {@code Talk} (progress, detail,
 * notice), {@code Plans} / {@code NeedsPlanned} (a configuration entry one creates and the other
 * needs), {@code Connect} (notes the connection of its {@code targetDatabase}), {@code Inner}
 * (notes its expanded inner elements).
 */
@AutoService(StepHandler.class)
public final class ContractStepHandler implements StepHandler {

    static final List<String> RECORD = Collections.synchronizedList(new ArrayList<>());

    /** A value that notes when it is closed. */
    record Closeable(String scope) implements AutoCloseable {
        @Override
        public void close() {
            RECORD.add("closed " + scope);
        }
    }

    private record DeploymentKey() {
    }

    private record PackageKey() {
    }

    private record GroupKey() {
    }

    @Override
    public Set<String> stepTypes() {
        return Set.of("Store", "Report", "Hooked", "Lifecycle", "Remember", "Talk", "Plans", "NeedsPlanned", "Connect",
                "Inner");
    }

    @Override
    public Set<String> secretVariables() {
        return Set.of("Contract.License");
    }

    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        if (context.step().isType("Plans")) {
            return List.of(PlannedChange.creates(ChangeKind.CONFIGURATION_ENTRY,
                    context.attributes().get("entry").orElseThrow()));
        }
        return List.of();
    }

    @Override
    public void validate(StepContext context) throws Exception {
        String where = context.manifest().coordinates() + "#" + context.step().index();
        if (context.step().isType("Store")) {
            context.store(Store.Scope.GROUP).getOrCompute(new GroupKey(), Closeable.class, () -> {
                RECORD.add("made group");
                return new Closeable("group");
            });
            context.store(Store.Scope.DEPLOYMENT).getOrCompute(new DeploymentKey(), Closeable.class,
                    () -> new Closeable("deployment"));
            context.store(Store.Scope.PACKAGE).getOrCompute(new PackageKey(), Closeable.class,
                    () -> new Closeable("package " + context.manifest().id()));
            context.store(Store.Scope.STEP).put("mine", new Closeable("step " + where));
        } else if (context.step().isType("NeedsPlanned")) {
            String entry = context.requiredAttribute("entry");
            context.plannedBefore(ChangeKind.CONFIGURATION_ENTRY, entry).ifPresentOrElse(
                    c -> RECORD.add("planned before " + c.name() + " by step " + c.source().stepIndex()),
                    () -> context.problems().error("configuration entry " + entry + " does not exist and no earlier"
                            + " step creates it"));
        } else if (context.step().isType("Connect")) {
            DatabaseConnection c = context.variables().database(context.requiredAttribute("targetDatabase"));
            RECORD.add("connect " + c.type() + " " + c.url() + " " + c.maskedUrl() + " " + c.user());
        } else if (context.step().isType("Inner")) {
            RECORD.add("inner " + context.children().stream().map(e -> e.name() + "=" + e.attribute("name")
                    .orElse("") + "/" + e.text()).collect(Collectors.joining(",")));
        }
        report(context, PipelineStage.VALIDATE);
    }

    @Override
    public void prepare(StepContext context) {
        report(context, PipelineStage.PREPARE);
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String where = context.manifest().coordinates() + "#" + context.step().index();
        RECORD.add("execute " + where);
        report(context, PipelineStage.EXECUTE);
        if (context.step().isType("Lifecycle") && context.flag("fail", false)) {
            throw new DeploymentException("lifecycle step fails as asked", context.location());
        }
        if (context.step().isType("Remember")) {
            // Its own markers; the engine adds an irreversible record beside them (it declares no undo).
            RECORD.add("seen " + context.recordedChanges().stream().flatMap(r -> r.changes().stream())
                    .filter(c -> c.kind().equals("marker")).map(ChangeRecord::target).toList());
            context.recordChange(new ChangeRecord("marker", "v" + context.manifest().version(), ""));
        }
        if (context.step().isType("Talk")) {
            context.progress(1, 2, "things");
            context.progress(2, 2, "things");
            context.detail("talked about " + context.attribute("about").orElse("nothing"));
            context.notice("a notice about " + context.attribute("about").orElse("nothing"));
            context.output(false, "output about " + context.attribute("about").orElse("nothing"));
            context.output(true, "error about " + context.attribute("about").orElse("nothing"));
            if (context.flag("fail", false)) {
                throw new DeploymentException("could not stop talking about " + context.attribute("about")
                        .orElse("nothing"), context.location());
            }
        }
    }

    @Override
    public void cleanup(StepContext context) {
        if (context.step().isType("Lifecycle")) {
            context.result().ifPresent(r -> RECORD.add("cleanup " + context.manifest().coordinates() + "#"
                    + context.step().index() + " " + r.step() + " deploymentSucceeded=" + r.deploymentSucceeded()));
        }
    }

    @Override
    public void onFailure(StepContext context, DeploymentException failure) {
        RECORD.add("onFailure " + context.stage() + " #" + context.step().index() + " " + failure.reason());
    }

    @Override
    public void afterPackage(PipelineStage stage, PackageContext context) {
        if (context.steps().stream().anyMatch(s -> s.isType("Hooked"))) {
            RECORD.add("after " + stage + " " + context.manifest().coordinates() + " steps="
                    + context.steps().stream().map(s -> String.valueOf(s.index())).collect(Collectors.joining(",")));
        }
    }

    private static void report(StepContext context, PipelineStage stage) {
        if (context.step().isType("Report") && context.attribute("in").orElse("").equalsIgnoreCase(stage.displayName())) {
            context.problems().error("reported in " + stage);
        }
    }
}
