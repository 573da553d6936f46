package dev.stagehand.core.engine;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepHandler;
import java.util.List;
import java.util.Set;

/**
 * Stands in, in the core's own tests, for the SQL module's {@code RunSql}, which the core does not
 * depend on: it plans a change to its database and does nothing in any stage, so fixtures and the
 * samples with SQL steps can be planned here.
 */
@AutoService(StepHandler.class)
public final class SqlStandInStepHandler implements StepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("RunSql");
    }

    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        return context.attributes().get("targetDatabase")
                .map(d -> List.of(PlannedChange.changes(ChangeKind.DATABASE, d))).orElse(List.of());
    }
}
