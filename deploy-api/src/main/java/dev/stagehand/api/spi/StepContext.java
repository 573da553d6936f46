package dev.stagehand.api.spi;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.database.DatabaseTypes;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.Flags;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.target.DeploymentTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Everything a step handler may use while it handles one step, on one target, in one stage.
 * Attribute values and inner elements reach the handler with every {@code $(...)} expanded: a
 * step that uses an undefined variable is stopped in Validate and its handler never sees it.
 */
public interface StepContext {

    /** {@return the stage being run} */
    PipelineStage stage();

    /** {@return the step as declared (raw attribute values, raw inner elements)} */
    StepDescriptor step();

    /** {@return the package the step belongs to} */
    PackageManifest manifest();

    /** {@return where this step is: manifest file, package and step; use it in exceptions and problems} */
    Location location();

    /** {@return the step's attributes with {@code $(...)} expanded} */
    Attributes attributes();

    /**
     * One expanded attribute, ignoring the case of its name.
     *
     * @param name the attribute's name, in any case
     * @return its expanded value; empty when the step does not set it
     */
    default Optional<String> attribute(String name) {
        return attributes().get(name);
    }

    /**
     * One expanded attribute that must be present and not blank; a located error naming it when it is not.
     *
     * @param name the attribute's name, in any case
     * @return its expanded value
     * @throws DeploymentException located at this step when the attribute is missing or blank
     */
    default String requiredAttribute(String name) {
        return attribute(name).filter(v -> !v.isBlank()).orElseThrow(() -> new DeploymentException(
                "step " + step().type() + " needs the attribute " + name, location()));
    }

    /**
     * A boolean attribute ({@code true}/{@code false}, also {@code yes}/{@code no}, {@code 1}/{@code 0},
     * ignoring case); {@code fallback} when absent or blank.
     *
     * @param name the attribute's name, in any case
     * @param fallback the value when the step does not set it
     * @return the attribute as a boolean
     * @throws DeploymentException naming the attribute when its value is not a boolean
     */
    default boolean flag(String name, boolean fallback) {
        Optional<String> value = attribute(name).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return fallback;
        }
        return Flags.parse(value.get()).orElseThrow(() -> new DeploymentException("attribute " + name + " is '"
                + value.get() + "', expected true or false", location()));
    }

    /** {@return the step's inner elements with {@code $(...)} expanded in their attributes and text} */
    List<XmlElement> children();

    /** {@return the package's files} */
    PackageContent content();

    /** {@return the deployment's variables (parameters, UI defaults, built-ins), with the package's built-ins} */
    Variables variables();

    /** {@return the target the step deploys onto; every change to the target goes through it} */
    DeploymentTarget target();

    /** {@return what the deployment does to this package: new, upgrade (from which version), up to date} */
    PackageAction action();

    /** {@return a logger whose output has every secret masked} */
    Logger log();

    /**
     * Collects problems (errors and warnings) with this step's location; an error fails the step in any stage.
     *
     * @return the reporter for this step
     */
    ProblemReporter problems();

    /**
     * Reports progress of long work (files copied, statements run) to the deployment's listeners.
     *
     * @param done how much is done so far
     * @param total how much there is in all
     * @param unit what is counted, for display ({@code files}, {@code statements})
     */
    void progress(long done, long total, String unit);

    /**
     * A one-line result of the step (e.g. {@code 120 files, 3 copied}), shown with its success.
     *
     * @param text the line, shown as written
     */
    void detail(String text);

    /**
     * Something the user should know about what the step does (a service restarted), shown as a notice.
     *
     * @param text the notice, shown as written
     */
    void notice(String text);

    /**
     * One line of a process the step runs (a script's output or error stream), passed on as it
     * comes: logged (info for output, warn for errors) and sent to the deployment's listeners as a
     * {@link dev.stagehand.api.event.DeploymentEvent.StepOutput}, secrets masked in both.
     *
     * @param error true for the error stream, false for the output stream
     * @param line the line without its line break
     */
    void output(boolean error, String line);

    /** {@return a private working folder on the deployer's machine for this step, removed when the deployment ends} */
    Path workDirectory();

    /**
     * A folder on the deployer's machine kept between deployments of the same state folder, for
     * caches that make a re-run cheap. Anything in it may be deleted at any time; a handler must
     * work without it.
     *
     * @return the cache folder, created if it did not exist
     */
    Path cacheDirectory();

    /**
     * The store of a scope: values kept from stage to stage, closed by the engine when the scope ends.
     *
     * @param scope group, deployment, package or step
     * @return that scope's store, shared by every step in the scope
     */
    Store store(Store.Scope scope);

    /**
     * Records something this step created or changed on the target (a file written, a patch
     * applied); the journal keeps it with the step, for uninstall and for later deployments.
     *
     * @param change what was created or changed, and how to undo it
     */
    void recordChange(ChangeRecord change);

    /**
     * Where a step keeps the content of a file before it overwrites it, so that a rollback or an
     * uninstall can put it back.
     *
     * @return the deployment's undo store; empty where the deployment keeps no undo (a test context)
     */
    default Optional<UndoStore> undoStore() {
        return Optional.empty();
    }

    /** {@return what earlier deployments of this package recorded (steps with changes, oldest first)} */
    List<StepRecord> recordedChanges();

    /**
     * A change that a step before this one in the plan declares it will make
     * ({@link StepHandler#plannedChanges}), matched by kind and name (ignoring case); lets
     * Validate accept what does not exist yet but will.
     *
     * @param kind the kind of thing (file, folder, table...)
     * @param name its name, as the declaring step gives it
     * @return the earliest such change; empty when no earlier step declares one
     */
    Optional<PlannedChange> plannedBefore(ChangeKind kind, String name);

    /** {@return the script handlers loaded, for steps that run scripts (Generic)} */
    ScriptHandlers scriptHandlers();

    /** {@return the database types loaded} */
    DatabaseTypes databaseTypes();

    /**
     * In Cleanup, how this step and the deployment went; empty in the other stages.
     *
     * @return the result in Cleanup; empty in every other stage
     */
    Optional<StepResult> result();

    /** {@return the id of the running deployment (also the built-in variable {@code Deployment.Id})} */
    String deploymentId();

    /** {@return true when the deployment only plans and validates and must change nothing} */
    boolean dryRun();
}
