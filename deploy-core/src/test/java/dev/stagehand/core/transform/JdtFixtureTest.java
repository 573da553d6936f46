package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.api.Severity;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture folder under {@code transform/jdt}, run as written. */
class JdtFixtureTest {

    static Stream<JdtFixture> fixtures() throws IOException {
        return JdtFixture.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureGivesItsExpectedDocumentWarningsOrError(JdtFixture fixture) {
        if (fixture.expected().isEmpty()) {
            TransformException e = assertThrows(TransformException.class, fixture::apply, fixture.name());
            assertTrue(e.location().hasFile(), "the error names the transform file");
            for (String part : fixture.expectedErrorParts()) {
                assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
            }
            return;
        }
        fixture.applyAndCheck();
        TransformResult result = fixture.apply();
        assertTrue(result.warnings().stream().allMatch(p -> p.severity() == Severity.WARNING));
        assertEquals(fixture.expectedWarnings(),
                result.warnings().stream().map(JdtFixtureTest::render).toList(), fixture.name() + ": warnings");
    }

    private static String render(Problem warning) {
        return warning.location() + ": " + warning.message();
    }
}
