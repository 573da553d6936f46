package dev.stagehand.steps.mes;

import com.google.auto.service.AutoService;
import dev.stagehand.api.io.SecureXml;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.steps.mes.store.MesDatabase;
import dev.stagehand.steps.mes.store.MesSchema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * {@code ProductLicense}: installs the license given in {@value #LICENSE_VARIABLE}, a secret this
 * module declares, so that its value is masked in every log line, event, problem and journal
 * record. Validate refuses an empty license and one that is not well-formed XML, saying where
 * but never quoting it (a parser's message may hold parts of the document).
 */
@AutoService(StepHandler.class)
public final class ProductLicenseStepHandler extends AbstractMesStepHandler {

    static final String LICENSE_VARIABLE = "Product.Licensing.LicenseRawData";
    /** The row of the product's license: one license per system. */
    static final String LICENSE_ID = "Product";

    @Override
    public Set<String> stepTypes() {
        return Set.of("ProductLicense");
    }

    @Override
    public Set<String> secretVariables() {
        return Set.of(LICENSE_VARIABLE);
    }

    @Override
    protected List<PlannedChange> planned(PlanningContext context) {
        return List.of(PlannedChange.createsOrChanges(ChangeKind.LICENSE, MesDatabase.LOGICAL_NAME + "/" + LICENSE_ID));
    }

    private static Optional<String> license(StepContext context) {
        return context.variables().get(LICENSE_VARIABLE).filter(v -> !v.isBlank());
    }

    @Override
    protected void validateStep(StepContext context) {
        Optional<String> license = license(context);
        if (license.isEmpty()) {
            context.problems().error("ProductLicense needs the license in the variable " + LICENSE_VARIABLE
                    + ", which is empty or not set");
            return;
        }
        try {
            SecureXml.parse(new ByteArrayInputStream(license.get().getBytes(StandardCharsets.UTF_8)));
        } catch (SAXParseException e) {
            context.problems().error(LICENSE_VARIABLE + " is not well-formed XML (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + " of the license)");
        } catch (SAXException | java.io.IOException e) {
            context.problems().error(LICENSE_VARIABLE + " is not well-formed XML");
        }
    }

    /** The license is read from a variable no attribute names: a new license runs the step again. */
    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) {
        fingerprint.add(LICENSE_VARIABLE, license(context).orElse(""));
    }

    @Override
    protected void execute(StepContext context, MesDatabase database) throws Exception {
        String license = license(context).orElseThrow(() -> new dev.stagehand.api.DeploymentException(
                "ProductLicense needs the license in the variable " + LICENSE_VARIABLE, context.location()));
        boolean replaced = database.inTransaction(context.location(), "install the license", c -> {
            boolean had;
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + MesSchema.LICENSE + " WHERE LicenseId = ?")) {
                s.setString(1, LICENSE_ID);
                had = s.executeUpdate() > 0;
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + MesSchema.LICENSE + " (LicenseId,"
                    + " LicenseRawData, InstalledAt, InstalledByDeployment) VALUES (?, ?, ?, ?)")) {
                s.setString(1, LICENSE_ID);
                s.setString(2, license);
                s.setTimestamp(3, Timestamp.from(Instant.now()));
                s.setString(4, context.deploymentId());
                s.executeUpdate();
            }
            return had;
        });
        // Which license it was stays out of the journal: its name says enough, a hash would tell too much.
        context.recordChange(new ChangeRecord("license", MesDatabase.LOGICAL_NAME + "/" + LICENSE_ID,
                replaced ? "replaced" : "installed"));
        context.log().info("license {} in {}", replaced ? "replaced" : "installed", database.describe());
        context.detail("license " + (replaced ? "replaced" : "installed") + " (" + license.length() + " characters)");
    }
}
