package dev.stagehand.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.options.InstallOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlersTest {

    @TempDir
    Path temp;

    @BeforeEach
    void clear() {
        RecordingStepHandler.RECORD.clear();
    }

    static final class Plain implements StepHandler {
        @Override
        public Set<String> stepTypes() {
            return Set.of("Copy");
        }
    }

    static final class Better implements StepHandler {
        @Override
        public Set<String> stepTypes() {
            return Set.of("copy", "Extra");
        }

        @Override
        public int priority() {
            return 10;
        }
    }

    @Test
    void theHigherPriorityWinsWhenTwoHandlersClaimAStepTypeWhateverTheirOrder() {
        Plain plain = new Plain();
        Better better = new Better();

        assertSame(better, new PluginRegistry(List.of(plain, better), List.of(), List.of(), List.of(), List.of(), Map.of())
                .stepHandler("COPY").orElseThrow());
        assertSame(better, new PluginRegistry(List.of(better, plain), List.of(), List.of(), List.of(), List.of(), Map.of())
                .stepHandler("Copy").orElseThrow());
    }

    private record UrlType(String name, int priority) implements dev.stagehand.api.database.DatabaseType {
        @Override
        public boolean accepts(String url) {
            return url.startsWith("jdbc:shared:");
        }

        @Override
        public String url(dev.stagehand.api.database.DatabaseParts parts) {
            return "jdbc:shared:" + parts.name();
        }
    }

    @Test
    void aUrlTwoDatabaseTypesAcceptIsTheHigherPrioritysWhateverTheirNamesOrOrder() {
        UrlType plain = new UrlType("Alpha", 0);
        UrlType better = new UrlType("Zulu", 5);
        UrlType tie = new UrlType("Bravo", 0);

        for (List<dev.stagehand.api.database.DatabaseType> order : List.<List<dev.stagehand.api.database.DatabaseType>>of(
                List.of(plain, better, tie), List.of(tie, better, plain))) {
            PluginRegistry registry = new PluginRegistry(List.of(), List.of(), List.of(), List.of(), order, Map.of());
            assertSame(better, registry.forUrl("jdbc:shared:db").orElseThrow());
        }
        PluginRegistry ties = new PluginRegistry(List.of(), List.of(), List.of(), List.of(), List.of(tie, plain),
                Map.of());
        assertSame(plain, ties.forUrl("jdbc:shared:db").orElseThrow(), "equal priorities: the first by name");
        assertTrue(ties.forUrl("jdbc:other:db").isEmpty());
    }

    @Test
    void configurationCanForceAHandler() {
        PluginRegistry registry = new PluginRegistry(List.of(new Better(), new Plain()), List.of(), List.of(),
                List.of(), List.of(), Map.of("copy", "Plain"));

        assertTrue(registry.stepHandler("Copy").orElseThrow() instanceof Plain);
        assertTrue(registry.stepHandler("Extra").orElseThrow() instanceof Better);
    }

    @Test
    void forcingAHandlerThatServesNothingIsAnError() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> new PluginRegistry(
                List.of(new Plain()), List.of(), List.of(), List.of(), List.of(), Map.of("Copy", "Nope")));
        assertTrue(e.getMessage().contains("Nope"), e.getMessage());
    }

    @Test
    void genericRunsTheScriptOfEachStageThroughItsScriptHandlerAndIndexedVariablesExpand() throws Exception {
        DeploymentResult result = Stagehand.configure().sources(Fixtures.resource("engine/generic"))
                .parameters(Map.of("Product.InstallationPath", "/opt/app")).stateDirectory(temp).load()
                .install(RootRequest.parse("Root"), InstallOptions.DEFAULTS);

        assertTrue(result.succeeded(), result.problems()::toString);
        List<String> scripts = RecordingStepHandler.RECORD.stream().filter(r -> r.startsWith("script ")).toList();
        assertEquals(List.of("script Prepare scripts/stop.echo stopping host patch=P-1.0.0",
                "script Complete scripts/start.txt starting host patch=P-1.0.0"), scripts);
        assertFalse(Files.exists(temp.resolve("work")) && Files.list(temp.resolve("work")).findAny().isPresent(),
                "Cleanup removes the work folder");
    }

    @Test
    void aDryRunRunsNoScriptInAnyStage() throws Exception {
        DeploymentResult result = Stagehand.configure().sources(Fixtures.resource("engine/generic"))
                .parameters(Map.of("Product.InstallationPath", "/opt/app")).stateDirectory(temp).load()
                .install(RootRequest.parse("Root"), InstallOptions.DEFAULTS.withDryRun(true));

        assertTrue(result.problems().stream().noneMatch(dev.stagehand.api.Problem::isError), result.problems()::toString);
        assertTrue(RecordingStepHandler.RECORD.stream().noneMatch(r -> r.startsWith("script ")),
                RecordingStepHandler.RECORD::toString);
    }
}
