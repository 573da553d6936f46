package dev.stagehand.steps.mes;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.Flags;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.spi.PackageContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Store;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.steps.mes.store.IntegrationEntries;
import dev.stagehand.steps.mes.store.IntegrationEntries.NewEntry;
import dev.stagehand.steps.mes.store.MesDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps that create integration entries: each writes its entries {@code Pending} in one
 * transaction, and after the package's Execute (a package hook) the deployment waits for them
 * when the package says {@code <waitForIntegrationEntries>true</waitForIntegrationEntries>} or a
 * step says {@code waitForIntegrationEntries="true"} (see {@link IntegrationEntryWait}).
 */
abstract class AbstractIntegrationEntryStepHandler extends AbstractMesStepHandler {

    /** The package element and step attribute that ask to wait. */
    static final String WAIT = "waitForIntegrationEntries";
    /** Seconds the wait lasts at most. */
    static final String TIMEOUT_VARIABLE = "Product.IntegrationEntries.Timeout";
    static final long DEFAULT_TIMEOUT_SECONDS = 600;
    /** Attributes that steer the framework, not the product: never stored with an entry. */
    private static final Set<String> FRAMEWORK_ATTRIBUTES = Set.of("type", "title", WAIT.toLowerCase(Locale.ROOT));

    /** Set in the package store once one MES handler of the package has waited. */
    private record Waited() {
    }

    /** Set in the package store once the package's wait settings were checked. */
    private record WaitChecked() {
    }

    /** The entries the step creates, read from its package files; the step's checks have passed. */
    protected abstract List<NewEntry> entries(StepContext context) throws Exception;

    /** The step's checks besides the wait's. */
    protected abstract void validateEntries(StepContext context) throws Exception;

    @Override
    protected final void validateStep(StepContext context) throws Exception {
        try {
            context.flag(WAIT, false);
        } catch (DeploymentException e) {
            context.problems().error(e.reason());
        }
        if (context.store(Store.Scope.PACKAGE).get(WaitChecked.class, Boolean.class).isEmpty()) {
            context.store(Store.Scope.PACKAGE).put(WaitChecked.class, true);
            try {
                packageWaits(context.manifest().extension(WAIT));
                timeoutSeconds(context.variables());
            } catch (DeploymentException e) {
                context.problems().error(e.reason());
            }
        }
        validateEntries(context);
    }

    /** The step's attributes stored with its entries: all but the framework's and {@code excluded}. */
    static Map<String, String> handlerAttributes(StepContext context, String... excluded) {
        Set<String> skip = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        skip.addAll(FRAMEWORK_ATTRIBUTES);
        skip.addAll(List.of(excluded));
        Map<String, String> kept = new LinkedHashMap<>();
        context.attributes().asMap().forEach((name, value) -> {
            if (!skip.contains(name)) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    @Override
    protected final void execute(StepContext context, MesDatabase database) throws Exception {
        List<NewEntry> entries = entries(context);
        IntegrationEntries.Origin origin = new IntegrationEntries.Origin(context.manifest().id(),
                context.manifest().version(), context.step().index(), context.deploymentId());
        List<String> ids = database.inTransaction(context.location(), "create the integration entries",
                c -> IntegrationEntries.insert(c, origin, entries));
        for (int i = 0; i < entries.size(); i++) {
            NewEntry entry = entries.get(i);
            context.recordChange(new ChangeRecord("integration entry", entry.name(),
                    entry.messageType() + " " + ids.get(i)));
            context.log().info("integration entry {} ({}, {} bytes) created in {}", entry.name(), entry.messageType(),
                    entry.content().length, database.describe());
        }
        context.detail(entries.size() + " integration entr" + (entries.size() == 1 ? "y" : "ies") + " created"
                + (entries.isEmpty() ? "" : " (" + entries.get(0).messageType() + ", batch " + origin.batch() + ")"));
    }

    /**
     * After the package's Execute: waits for the entries of the steps that ask to wait (all of the
     * package's when the package asks). The first MES handler of the package to get here waits for
     * every MES step of it; the others find it done.
     */
    @Override
    public void afterPackage(PipelineStage stage, PackageContext context) throws Exception {
        if (stage != PipelineStage.EXECUTE) {
            return;
        }
        Store store = context.store(Store.Scope.PACKAGE);
        if (store.get(Waited.class, Boolean.class).isPresent()) {
            return;
        }
        store.put(Waited.class, true);
        boolean all = packageWaits(context.manifest().extension(WAIT));
        Set<Integer> steps = new TreeSet<>();
        for (StepDescriptor step : context.manifest().steps()) {
            Optional<String> wait = step.attribute(WAIT).filter(v -> !v.isBlank());
            if (wait.isPresent() && Flags.parse(context.variables().expand(wait.get())).orElse(false)) {
                steps.add(step.index());
            }
        }
        Optional<MesDatabase> database = store.get(PackageDatabase.class, MesDatabase.class);
        if ((all || !steps.isEmpty()) && database.isPresent()) {
            new IntegrationEntryWait(database.get(), context, timeoutSeconds(context.variables()), all ? null : steps)
                    .await();
        }
    }

    /** Whether the package element asks to wait; false when absent. */
    private static boolean packageWaits(Optional<XmlElement> element) {
        if (element.isEmpty() || element.get().text().isBlank()) {
            return false;
        }
        return Flags.parse(element.get().text()).orElseThrow(() -> new DeploymentException("<" + WAIT + "> at line "
                + element.get().location().line() + " is '" + element.get().text() + "', expected true or false",
                element.get().location()));
    }

    /** {@value #TIMEOUT_VARIABLE}: whole seconds, 1 or more; {@value #DEFAULT_TIMEOUT_SECONDS} when not set. */
    static long timeoutSeconds(Variables variables) {
        Optional<String> value = variables.get(TIMEOUT_VARIABLE).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
        try {
            long seconds = Long.parseLong(value.get().trim());
            if (seconds >= 1) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DeploymentException(TIMEOUT_VARIABLE + " is '" + value.get() + "', expected whole seconds (1 or more)",
                dev.stagehand.api.Location.UNKNOWN);
    }
}
