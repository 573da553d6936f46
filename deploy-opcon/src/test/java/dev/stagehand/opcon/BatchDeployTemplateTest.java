package dev.stagehand.opcon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.DeploymentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchDeployTemplateTest {

    @Test
    void theShippedTemplateHoldsBothJobsRunningRunScheduledWithTheDeploymentIdProperty() throws Exception {
        JsonNode template = new ObjectMapper().readTree(BatchDeployTemplate.raw());

        assertEquals("BATCH_DEPLOY", template.get("schedule").get("name").asText());
        List<String> jobs = template.get("jobs").findValuesAsText("name").stream()
                .filter(n -> n.startsWith("DEPLOY_")).toList();
        assertEquals(List.of("DEPLOY_PACKAGE", "DEPLOY_SCHEDULE"), jobs);
        for (JsonNode job : template.get("jobs")) {
            assertTrue(job.get("commandLine").asText().contains("run-scheduled --id [[JI.DEPLOYMENT_ID]]"),
                    job.toString());
            assertEquals(BatchScheduler.FREQUENCY, job.get("frequencies").get(0).get("name").asText(),
                    "the frequency the scheduler names when it adds the job");
        }
    }

    @Test
    void renderingPutsTheEnvironmentsMachineDirectoryAndUserInEveryJob() throws Exception {
        String rendered = BatchDeployTemplate.render("MESAPP01", "D:\\Stagehand\\", "SVC_DEPLOY");

        JsonNode template = new ObjectMapper().readTree(rendered);
        for (JsonNode job : template.get("jobs")) {
            assertEquals("MESAPP01", job.get("machine").asText());
            assertEquals("SVC_DEPLOY", job.get("userId").asText());
            assertEquals("D:\\Stagehand", job.get("workingDirectory").asText());
            assertEquals("java -jar \"D:\\Stagehand\\deploy.jar\" run-scheduled --id [[JI.DEPLOYMENT_ID]] --config"
                    + " \"D:\\Stagehand\\config.ini\"", job.get("commandLine").asText());
        }
        assertFalse(rendered.contains("${"), rendered);
    }

    @Test
    void aValueThatWouldBreakTheCommandLineIsRefusedNamingTheOption() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> BatchDeployTemplate.render("MESAPP01", "D:\\Stage\" & del *", "SVC"));

        assertTrue(e.getMessage().startsWith("--directory must not hold a quote"), e.getMessage());
        assertThrows(DeploymentException.class, () -> BatchDeployTemplate.render(" ", "D:\\Stagehand", "SVC"));
    }
}
