package dev.stagehand.steps.mes;

import com.google.auto.service.AutoService;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.steps.mes.store.MesDatabase;
import dev.stagehand.steps.mes.store.MesSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ConfigureEntityTypeOperations} ({@code <entityType name="Material" />}) and
 * {@code ConfigureServices} ({@code <assembly name="Cmf.Custom.Services.dll" />}): add the
 * operation configuration of each listed entity type, the service configuration of each listed
 * assembly. Adding what is already there changes nothing.
 */
@AutoService(StepHandler.class)
public final class ConfigureItemsStepHandler extends AbstractMesStepHandler {

    /** What a step type lists, and where it keeps it. */
    enum Kind {
        ENTITY_TYPES("ConfigureEntityTypeOperations", "entityType", "entity type", "entity types",
                MesSchema.ENTITY_TYPE_OPERATIONS, "EntityTypeName", ChangeKind.OTHER),
        SERVICES("ConfigureServices", "assembly", "service assembly", "service assemblies", MesSchema.SERVICES,
                "AssemblyName", ChangeKind.SERVICE);

        final String stepType;
        final String element;
        final String what;
        final String whats;
        final String table;
        final String column;
        final ChangeKind changeKind;

        Kind(String stepType, String element, String what, String whats, String table, String column,
             ChangeKind changeKind) {
            this.stepType = stepType;
            this.element = element;
            this.what = what;
            this.whats = whats;
            this.table = table;
            this.column = column;
            this.changeKind = changeKind;
        }

        static Kind of(String stepType) {
            return stepType.equalsIgnoreCase(SERVICES.stepType) ? SERVICES : ENTITY_TYPES;
        }
    }

    @Override
    public Set<String> stepTypes() {
        return Set.of(Kind.ENTITY_TYPES.stepType, Kind.SERVICES.stepType);
    }

    @Override
    protected List<PlannedChange> planned(PlanningContext context) {
        Kind kind = Kind.of(context.step().type());
        return context.step().children().stream().filter(e -> e.is(kind.element))
                .flatMap(e -> e.attribute("name").stream())
                // the plan shows the names the step will write, its variables replaced
                .map(name -> context.variables().expand(name))
                .map(name -> PlannedChange.createsOrChanges(kind.changeKind, kind == Kind.SERVICES ? name.trim()
                        : "operations of entity type " + name.trim())).toList();
    }

    /** The names listed, trimmed, each once, in order. */
    private static List<String> names(StepContext context, Kind kind) {
        Set<String> names = new LinkedHashSet<>();
        for (XmlElement e : context.children()) {
            if (e.is(kind.element)) {
                names.add(required(context, e, "name").trim());
            }
        }
        return List.copyOf(names);
    }

    @Override
    protected void validateStep(StepContext context) {
        Kind kind = Kind.of(context.step().type());
        boolean any = false;
        for (XmlElement e : context.children()) {
            if (e.is(kind.element)) {
                any = true;
                Optional<String> name = e.attribute("name").filter(v -> !v.isBlank());
                if (name.isEmpty()) {
                    context.problems().error("<" + e.name() + "> at line " + e.location().line() + " needs the"
                            + " attribute name");
                } else {
                    fits(context, "the name at line " + e.location().line(), name.get().trim(), NAME_LENGTH);
                }
            } else {
                context.problems().warning("<" + e.name() + "> at line " + e.location().line() + " is not read by "
                        + kind.stepType + " (it lists <" + kind.element + " name=\"...\" /> elements)");
            }
        }
        if (!any) {
            context.problems().error(kind.stepType + " lists no " + kind.what + ": add <" + kind.element
                    + " name=\"...\" /> elements");
        }
    }

    @Override
    protected void execute(StepContext context, MesDatabase database) throws Exception {
        Kind kind = Kind.of(context.step().type());
        List<String> names = names(context, kind);
        List<String> added = database.inTransaction(context.location(), "configure the " + kind.whats,
                c -> add(c, kind, names, context.deploymentId()));
        for (String name : added) {
            context.recordChange(new ChangeRecord(kind.what, name, "added"));
            context.log().info("{} {} configured", kind.what, name);
        }
        context.detail(names.size() + " " + (names.size() == 1 ? kind.what : kind.whats) + ": " + added.size()
                + " added, " + (names.size() - added.size()) + " already configured");
    }

    /** Inserts the names that are not there yet (compared ignoring case); the ones it inserted. */
    private static List<String> add(Connection c, Kind kind, List<String> names, String deploymentId) throws Exception {
        Set<String> present = new java.util.HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + kind.column + " FROM " + kind.table);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                present.add(r.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        List<String> added = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + kind.table + " (" + kind.column
                + ", ConfiguredAt, ConfiguredByDeployment) VALUES (?, ?, ?)")) {
            for (String name : names) {
                if (present.add(name.toLowerCase(Locale.ROOT))) {
                    s.setString(1, name);
                    s.setTimestamp(2, Timestamp.from(Instant.now()));
                    s.setString(3, deploymentId);
                    s.executeUpdate();
                    added.add(name);
                }
            }
        }
        return added;
    }
}
