package dev.stagehand.core.internal.variables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariableSetTest {

    private static final Map<String, String> BUILT_INS = Map.of("Deployment.Id", "20261201-1", "Deployment.User",
            "os-user", "Package[App].Version", "1.2.0");

    @Test
    void theEnginesFactsWinOverAnyValueGivenAndTheUserIsADefault() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("deployment.id", "forged");
        parameters.put("Package[App].Version", "9.9.9");
        parameters.put("Deployment.User", "jane");

        VariableSet set = new VariableSet(Map.of("Deployment.Id", "forged-too"), parameters, List.of(), BUILT_INS,
                Set.of());

        assertEquals(Optional.of("20261201-1"), set.get("Deployment.Id"));
        assertEquals(Optional.of("1.2.0"), set.get("package[app].version"));
        assertEquals(Optional.of("jane"), set.get("Deployment.User"), "a service account may deploy for a person");
        assertEquals(Optional.of("os-user"), new VariableSet(Map.of(), List.of(), BUILT_INS, Set.of())
                .get("Deployment.User"));
    }
}
