package dev.stagehand.core.internal.engine;

import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.PlannedChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the steps of a plan declared they will create or change, in plan order, for {@code plannedBefore}. */
final class PlannedChanges {

    private record Entry(int order, PlannedChange change) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(int order, List<PlannedChange> changes) {
        changes.forEach(c -> entries.add(new Entry(order, c)));
    }

    /** The first change declared by a step before {@code order} matching kind and name. */
    Optional<PlannedChange> before(int order, ChangeKind kind, String name) {
        return entries.stream().filter(e -> e.order() < order && e.change().kind() == kind
                && e.change().name().equalsIgnoreCase(name)).map(Entry::change).findFirst();
    }
}
