package dev.stagehand.steps.mes;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.Flags;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.steps.mes.store.ConfigurationEntries;
import dev.stagehand.steps.mes.store.ConfigurationEntries.Outcome;
import dev.stagehand.steps.mes.store.MesDatabase;
import dev.stagehand.steps.mes.store.MesSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code ProductConfiguration} (creates or updates) and {@code UpdateConfiguration} (an existing
 * entry only): set configuration entries, path to value, from the step's {@code path},
 * {@code value} and {@code valueType} attributes or its inner {@code <config>} elements. The old
 * value is kept in the entry's {@code PreviousValue} and recorded as the step's change for
 * uninstall. An {@code UpdateConfiguration} of an entry that is not there is a Validate error,
 * unless an earlier step of the plan creates it, as its planned changes declare.
 */
@AutoService(StepHandler.class)
public final class ConfigurationStepHandler extends AbstractMesStepHandler {

    static final String CREATE_OR_UPDATE = "ProductConfiguration";
    static final String UPDATE = "UpdateConfiguration";

    /** One entry to set, its path normalized. */
    record Setting(String path, String value, String valueType, int line) {
    }

    @Override
    public Set<String> stepTypes() {
        return Set.of(CREATE_OR_UPDATE, UPDATE);
    }

    /**
     * A configuration path as stored: one leading and one trailing {@code /}, so that
     * {@code /Cmf/Custom/Feature} and {@code /Cmf/Custom/Feature/} are one entry.
     */
    static String normalize(String path) {
        String p = path.trim().replace('\\', '/');
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (!p.endsWith("/")) {
            p = p + "/";
        }
        return p.replaceAll("/{2,}", "/");
    }

    /** The settings of a step: its own attributes when it has a {@code path}, then its {@code <config>} elements. */
    static List<Setting> settings(Attributes attributes, List<XmlElement> children, int stepLine,
                                  UnaryOperator<String> expand) {
        List<Setting> settings = new ArrayList<>();
        if (attributes.get("path").isPresent()) {
            settings.add(setting(attributes, stepLine, expand));
        }
        for (XmlElement child : children) {
            if (child.is("config")) {
                settings.add(setting(child.attributes(), child.location().line(), expand));
            }
        }
        return settings;
    }

    private static Setting setting(Attributes a, int line, UnaryOperator<String> expand) {
        String path = a.get("path").map(expand).filter(v -> !v.isBlank()).map(ConfigurationStepHandler::normalize)
                .orElse(null);
        return new Setting(path, a.get("value").map(expand).orElse(null),
                a.get("valueType").map(expand).filter(v -> !v.isBlank()).map(String::trim).orElse(null), line);
    }

    private static List<Setting> settings(StepContext context) {
        return settings(context.attributes(), context.children(), context.step().location().line(),
                UnaryOperator.identity());
    }

    @Override
    protected List<PlannedChange> planned(PlanningContext context) {
        UnaryOperator<String> expand = text -> {
            try {
                return context.variables().expand(text);
            } catch (DeploymentException e) {
                return text;
            }
        };
        boolean update = context.step().isType(UPDATE);
        return settings(context.attributes(), context.step().children(), context.step().location().line(), expand)
                .stream().filter(s -> s.path() != null)
                .map(s -> update ? PlannedChange.changes(ChangeKind.CONFIGURATION_ENTRY, s.path())
                        : PlannedChange.createsOrChanges(ChangeKind.CONFIGURATION_ENTRY, s.path()))
                .toList();
    }

    @Override
    protected void validateStep(StepContext context) {
        List<Setting> settings = settings(context);
        String type = context.step().type();
        if (settings.isEmpty()) {
            context.problems().error(type + " sets nothing: give path and value, or inner <config path=\"...\""
                    + " value=\"...\" /> elements");
        }
        Set<String> seen = new HashSet<>();
        for (Setting s : settings) {
            String where = settings.size() == 1 ? "" : " (line " + s.line() + ")";
            if (s.path() == null) {
                context.problems().error(type + " needs a path for each entry" + where);
                continue;
            }
            fits(context, "configuration path " + s.path(), s.path(), NAME_LENGTH);
            if (s.valueType() != null) {
                fits(context, "the valueType of " + s.path(), s.valueType(), VALUE_TYPE_LENGTH);
            }
            if (!seen.add(s.path().toLowerCase(Locale.ROOT))) {
                context.problems().error("configuration entry " + s.path() + " is set twice in one step" + where);
            }
            if (s.value() == null) {
                context.problems().error("configuration entry " + s.path() + " has no value" + where);
            } else if (s.valueType() != null && !fits(s.value(), s.valueType())) {
                context.problems().error("configuration entry " + s.path() + ": '" + s.value() + "' is not a "
                        + s.valueType() + where);
            }
        }
    }

    /** Whether a value fits the types this step can check; other types are the product's to judge. */
    static boolean fits(String value, String valueType) {
        String v = value.trim();
        try {
            return switch (valueType.toLowerCase(Locale.ROOT)) {
                case "boolean", "bool" -> Flags.parse(v).isPresent();
                case "integer", "int", "int32", "int64", "long" -> {
                    Long.parseLong(v);
                    yield true;
                }
                case "decimal", "double", "number" -> {
                    new BigDecimal(v);
                    yield true;
                }
                default -> true;
            };
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    protected void validateWithDatabase(StepContext context, MesDatabase database) throws Exception {
        if (!context.step().isType(UPDATE)) {
            return;
        }
        boolean table = database.hasTable(MesSchema.CONFIGURATION);
        for (Setting s : settings(context)) {
            if (s.path() == null) {
                continue;
            }
            boolean exists = table && ConfigurationEntries.read(database.session().jdbc(), s.path()).isPresent();
            boolean created = context.plannedBefore(ChangeKind.CONFIGURATION_ENTRY, s.path())
                    .filter(PlannedChange::mayCreate).isPresent();
            if (!exists && !created) {
                context.problems().error("configuration entry " + s.path() + " does not exist in "
                        + database.describe() + " and no earlier step creates it: UpdateConfiguration changes"
                        + " existing entries only (ProductConfiguration creates one)");
            }
        }
    }

    @Override
    protected void execute(StepContext context, MesDatabase database) throws Exception {
        List<Setting> settings = settings(context);
        boolean updateOnly = context.step().isType(UPDATE);
        List<ChangeRecord> changes = new ArrayList<>();
        Map<Outcome, Integer> counts = database.inTransaction(context.location(), "set the configuration entries",
                c -> set(context, c, settings, updateOnly, changes));
        changes.forEach(context::recordChange);
        context.detail(settings.size() + " configuration entr" + (settings.size() == 1 ? "y" : "ies") + ": "
                + counts.getOrDefault(Outcome.CREATED, 0) + " created, " + counts.getOrDefault(Outcome.CHANGED, 0)
                + " changed, " + counts.getOrDefault(Outcome.UNCHANGED, 0) + " unchanged");
    }

    private static Map<Outcome, Integer> set(StepContext context, Connection c, List<Setting> settings,
                                             boolean updateOnly, List<ChangeRecord> changes) throws Exception {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Setting s : settings) {
            Optional<ConfigurationEntries.Entry> existing = ConfigurationEntries.read(c, s.path());
            if (updateOnly && existing.isEmpty()) {
                throw new DeploymentException("configuration entry " + s.path() + " does not exist: UpdateConfiguration"
                        + " changes existing entries only; nothing of this step was written", context.location());
            }
            Outcome outcome = ConfigurationEntries.set(c, s.path(), s.value(), s.valueType(), context.deploymentId(),
                    existing);
            counts.merge(outcome, 1, Integer::sum);
            if (outcome == Outcome.CREATED) {
                changes.add(new ChangeRecord("configuration entry", s.path(), "created"));
            } else if (outcome == Outcome.CHANGED) {
                String old = existing.get().value();
                changes.add(new ChangeRecord("configuration entry", s.path(), "previous value: "
                        + (old == null ? "(none)" : context.variables().mask(old))));
            }
            context.log().info("configuration entry {} {}", s.path(), outcome.name().toLowerCase(Locale.ROOT));
        }
        return counts;
    }
}
