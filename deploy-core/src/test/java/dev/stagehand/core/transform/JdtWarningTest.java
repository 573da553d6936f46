package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Warnings leave the document as it would be without the failing part, and name where they come from. */
class JdtWarningTest {

    @Test
    void pathMatchingNothingIsAWarningAtThePathAttribute() {
        Problem warning = single("warning-path-matches-nothing");
        assertEquals(Location.ofFile("transform.json", 3, 5), warning.location());
        assertTrue(warning.message().contains("'$.missing'"));
        assertTrue(warning.message().contains("$['@jdt.remove']['@jdt.path']"));
    }

    @Test
    void removingAMissingKeyIsAWarningAndTheRestStillApplies() {
        Problem warning = single("warning-remove-missing-key");
        assertEquals(Location.ofFile("transform.json", 2, 3), warning.location());
        assertTrue(warning.message().contains("'nope'"));
    }

    @Test
    void renamingAMissingKeyIsAWarningAndTheOtherRenamesStillApply() {
        Problem warning = single("warning-rename-missing-key");
        assertEquals(Location.ofFile("transform.json", 3, 5), warning.location());
        assertTrue(warning.message().contains("$['@jdt.rename'].ghost"));
    }

    private static Problem single(String name) {
        JdtFixture fixture = JdtFixture.named(name);
        fixture.applyAndCheck();
        List<Problem> warnings = fixture.apply().warnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertEquals(Severity.WARNING, warnings.get(0).severity());
        return warnings.get(0);
    }
}
