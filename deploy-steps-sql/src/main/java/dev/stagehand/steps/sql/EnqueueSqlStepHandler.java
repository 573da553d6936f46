package dev.stagehand.steps.sql;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.jdbc.JdbcSession;
import dev.stagehand.steps.sql.script.SqlScript;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code EnqueueSql}: puts each script at {@code contentPath} on the command queue of the
 * {@code Online} database, {@code Control.P_EnqueueCommand(BatchExecutionId, QueueName,
 * CommandText)}, to be run later. One batch id per deployment; the queue is the logical name of
 * {@code targetDatabase}. All of a step's scripts are queued in one transaction.
 */
@AutoService(StepHandler.class)
public final class EnqueueSqlStepHandler extends AbstractSqlStepHandler {

    static final String QUEUE_DATABASE = "Online";

    @Override
    public Set<String> stepTypes() {
        return Set.of("EnqueueSql");
    }

    /** The commands go to Online whatever the target: that is where the queue lives. */
    @Override
    protected Optional<String> databaseName(StepContext context) {
        return Optional.of(QUEUE_DATABASE);
    }

    /** Commands go onto the queue in the Online database, whatever database they are for. */
    @Override
    public List<PlannedChange> plannedChanges(PlanningContext context) {
        return List.of(PlannedChange.changes(ChangeKind.DATABASE, QUEUE_DATABASE));
    }

    @Override
    protected void validateStep(StepContext context) throws Exception {
        if (queueName(context).isEmpty()) {
            context.problems().error("EnqueueSql needs a targetDatabase naming the queue (Online, Ods, Dwh, ...)");
        }
        String contentPath = context.attribute("contentPath").orElse("");
        List<String> scripts = contentPath.isBlank() ? List.of() : ScriptDeployment.find(context, contentPath);
        if (scripts.isEmpty()) {
            context.problems().error("contentPath " + contentPath + " matches no file of the package");
        }
        ScriptDeployment.checkTokens(context, scripts);
    }

    /** With {@code replaceTokens}, the variables the scripts use. */
    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
        ScriptDeployment.fingerprintTokens(context, fingerprint);
    }

    /** The logical name of the target database, whether written {@code Ods} or {@code $(Product.Database.Ods)}. */
    static Optional<String> queueName(StepContext context) {
        return ScriptDeployment.logicalName(context.attribute("targetDatabase").orElse(null));
    }

    /** The batch id of a deployment: the same for every EnqueueSql step of it. */
    static UUID batchId(String deploymentId) {
        return UUID.nameUUIDFromBytes(("stagehand-batch:" + deploymentId).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String queue = queueName(context).orElseThrow(() -> new DeploymentException(
                "EnqueueSql needs the attribute targetDatabase", context.location()));
        List<String> scripts = ScriptDeployment.find(context, context.requiredAttribute("contentPath"));
        boolean replaceTokens = context.flag("replaceTokens", false);
        JdbcSession session = session(context);
        UUID batch = batchId(context.deploymentId());
        Connection c = session.jdbc();
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareCall(session.type().procedureCall("Control.P_EnqueueCommand", 3))) {
            for (SqlScript script : ScriptDeployment.read(context, scripts).all()) {
                session.type().setUuid(s, 1, batch);
                s.setString(2, queue);
                s.setString(3, replaceTokens ? context.variables().expand(script.text()) : script.text());
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
            context.detail(scripts.size() + " script(s) queued on " + queue + " in batch " + batch);
            context.log().info("{} script(s) queued on {} in batch {}", scripts.size(), queue, batch);
        } catch (SQLException e) {
            c.rollback();
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new DeploymentException("cannot queue the scripts on " + queue + " with Control.P_EnqueueCommand: "
                    + cause.getMessage(), context.location(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }
}
