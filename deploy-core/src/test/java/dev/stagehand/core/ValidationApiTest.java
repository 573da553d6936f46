package dev.stagehand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Problem;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Stagehand#validate}: the call behind the wizard's Next and Test buttons and the terminal prompts. */
class ValidationApiTest {

    private final InMemoryDeploymentJournal journal = new InMemoryDeploymentJournal();

    private List<Problem> validate(Map<String, String> values, String id) throws Exception {
        try (Stagehand stagehand = Stagehand.configure().sources(Fixtures.resource("sources/wizard-validation"))
                .environment(Map.of()).journal(journal).load()) {
            return stagehand.validate(RootRequest.parse("Root"), values, id);
        }
    }

    @Test
    void aRequiredVariableWithoutAValueIsReportedAtItsDeclaration() throws Exception {
        List<Problem> problems = validate(Map.of(), "Setup.App.Checks");

        assertEquals(1, problems.size(), problems::toString);
        assertEquals("variable App.FailIn (Failing stage) is required and has no value", problems.get(0).message());
        assertTrue(problems.get(0).location().toString().contains("Root.1.0.0/manifest.xml:15"),
                problems.get(0).location()::toString);
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsReportedWithoutRunningTheSteps() throws Exception {
        List<Problem> problems = validate(Map.of("App.FailIn", "Validate", "App.Port", "70000"), "setup.app");

        assertEquals(List.of("variable App.Port (Port) '70000' is not a port between 1 and 65535"),
                problems.stream().map(Problem::message).toList());
    }

    @Test
    void theValidateChecksOfTheStepsThatUseTheGroupsVariablesRunAndOnlyTheirProblemsAreReturned() throws Exception {
        List<Problem> problems = validate(Map.of("App.FailIn", "Validate", "Other.FailIn", "Validate"),
                "Setup.App.Checks");

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).message().contains("planned failure in Validate"), problems::toString);
        assertEquals(1, problems.get(0).location().stepIndex());
    }

    @Test
    void valuesThatPassGiveNoProblemsAndNothingIsRecordedInTheJournal() throws Exception {
        assertEquals(List.of(), validate(Map.of("App.FailIn", "Never"), "Setup.App.Checks"));
        assertEquals(List.of(), validate(Map.of("App.FailIn", "Never"), "Setup.Other"));

        assertTrue(journal.deployments().isEmpty(), journal.deployments()::toString);
    }

    @Test
    void anIdNoWizardStepOrGroupHasIsRefusedNamingTheRoot() {
        DeploymentException refused = assertThrows(DeploymentException.class,
                () -> validate(Map.of(), "Setup.Nowhere"));

        assertEquals("no wizard step or group of Root has the id 'Setup.Nowhere'", refused.reason());
    }
}
