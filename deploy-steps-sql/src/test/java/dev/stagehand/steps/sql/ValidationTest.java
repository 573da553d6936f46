package dev.stagehand.steps.sql;

import static dev.stagehand.steps.sql.Deployments.errors;
import static dev.stagehand.steps.sql.Deployments.install;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void anUnreachableDatabaseIsOneValidationProblemNamingItWithoutItsPassword() throws Exception {
        List<DeploymentEvent> events = new ArrayList<>();
        DeploymentResult result = install("unreachable", "Db", Map.of("Product.Database.Type", "PostgreSQL",
                "Product.Database.Online.Server", "127.0.0.1", "Product.Database.Online.Port", "1",
                "Product.Database.Online.Name", "nowhere", "Product.Database.Online.User", "deployer",
                "Product.Database.Online.Password", "s3cret-pw"), events::add);

        assertFalse(result.succeeded());
        List<String> errors = errors(result);
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("step 1 RunSql") && errors.get(0).contains(
                "cannot connect to database Online (PostgreSQL at 127.0.0.1:1/nowhere, user deployer): "), errors::toString);
        assertTrue(result.packages().stream().allMatch(p -> p.status() == Status.NOT_RUN));
        assertFalse(events.toString().contains("s3cret-pw"));
        assertFalse(result.problems().toString().contains("s3cret-pw"));
    }

    @Test
    void aMissingConnectionIsAValidationProblem() throws Exception {
        DeploymentResult result = install("unreachable", "Db", Map.of());

        assertFalse(result.succeeded());
        assertTrue(errors(result).stream().anyMatch(e -> e.contains("database Online has no connection: set"
                + " Product.Database.Online.Url")), errors(result)::toString);
    }
}
