package dev.stagehand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.ManifestException;
import dev.stagehand.api.Problem;
import dev.stagehand.api.ResolutionException;
import dev.stagehand.api.model.UiDescriptor;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.api.model.VariableGroup;
import dev.stagehand.api.model.WizardStep;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UiMetadataTest {

    private static Stagehand stagehand(String source, Map<String, String> parameters) {
        return Stagehand.configure().sources(Fixtures.resource("sources/" + source)).parameters(parameters)
                .environment(Map.of()).journal(new InMemoryDeploymentJournal()).load();
    }

    @Test
    void aWizardStepIdOrGroupIdDeclaredTwiceInAPackageIsAnErrorNamingBothLines() {
        ManifestException refused = assertThrows(ManifestException.class,
                () -> PackageReader.read(Fixtures.manifest("ui-duplicate-ids")));

        List<String> errors = refused.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
        assertEquals(2, errors.size(), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("wizard step id 'setup.database' is declared twice")
                && e.contains("ui-duplicate-ids/manifest.xml:7") && e.contains("ui-duplicate-ids/manifest.xml:12")),
                errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("group id 'Setup.Database.Online' is declared twice")
                && e.contains("ui-duplicate-ids/manifest.xml:9") && e.contains("ui-duplicate-ids/manifest.xml:14")),
                errors::toString);
    }

    @Test
    void aGroupIdRepeatedByAnotherPackageOfThePlanIsRefusedWithBothLocations() {
        ResolutionException refused = assertThrows(ResolutionException.class,
                () -> stagehand("ui-cross-duplicates", Map.of()).plan(RootRequest.parse("Root")));

        String message = refused.problems().toString();
        assertTrue(message.contains("group id 'Setup.Shared' is declared twice"), message);
        assertTrue(message.contains("Root.1.0.0/manifest.xml:12") && message.contains("App.1.0.0/manifest.xml:9"),
                message);
    }

    @Test
    void wizardStepsGroupsAndVariablesAreSortedByOrderWhateverTheirDeclarationOrder() throws Exception {
        UiDescriptor ui = PackageReader.read(Fixtures.manifest("ui-ordering")).manifest().ui();

        assertEquals(List.of("First", "Second", "Third"), ui.wizardSteps().stream().map(WizardStep::id).toList());
        assertEquals(List.of("First.Sooner", "First.Later"),
                ui.wizardSteps().get(0).groups().stream().map(VariableGroup::id).toList());
        assertEquals(List.of("A.Sooner.First", "A.Sooner.Second", "A.Later", "B.Only", "C.One", "C.Two"),
                ui.variables().stream().map(VariableDeclaration::name).toList());
    }

    @Test
    void aReadOnlyVariableGivenAnotherValueIsRefusedByPlanAtItsDeclaration() {
        ResolutionException refused = assertThrows(ResolutionException.class, () -> stagehand("ui-read-only",
                Map.of("Product.Edition", "Enterprise")).plan(RootRequest.parse("Root")));

        Problem problem = refused.problems().get(0);
        assertEquals("variable Product.Edition is read-only: it keeps its default 'Community', but the parameters"
                + " give 'Enterprise'", problem.message());
        assertTrue(problem.location().toString().contains("ui-read-only/Root.1.0.0/manifest.xml:9"),
                problem.location()::toString);
    }

    @Test
    void aReadOnlyVariableGivenItsDefaultOrNothingPlans() throws Exception {
        assertEquals("Root", stagehand("ui-read-only", Map.of("Product.Edition", "Community"))
                .plan(RootRequest.parse("Root")).rootId());
        assertEquals("Root", stagehand("ui-read-only", Map.of("Product.Name", "Other"))
                .plan(RootRequest.parse("Root")).rootId());
    }

    @Test
    void checkReportsAReadOnlyVariableChangedByTheParametersForValidate() throws Exception {
        var manifest = PackageReader.read(Fixtures.resource("sources/ui-read-only/Root.1.0.0")).manifest();

        List<Problem> problems = stagehand("ui-read-only", Map.of("product.edition", "Enterprise")).check(manifest);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).message().startsWith("variable Product.Edition is read-only"));
    }
}
