package dev.stagehand.core.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanBuilderNormalisedTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/srv/app/./web/../api, /srv/app/api",
            "/srv/app//web/, /srv/app/web",
            "build/./x/../app, build/app",
            "../outside/app.json, ../outside/app.json",
            "/srv/../../etc, /etc",
            "'C:\\apps\\.\\web\\..\\api', 'C:\\apps\\api'",
            "'C:\\..\\x', 'C:\\x'",
            "app, app"})
    void aNoticePathHasNoDotSegmentsLeftAndKeepsItsSeparators(String written, String shown) {
        assertEquals(shown, PlanBuilder.normalised(written));
    }
}
