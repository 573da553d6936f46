package dev.stagehand.core.targets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.core.PackageReader;
import dev.stagehand.core.SavedPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The saved plan of a group ({@code deploy plan --targets F --target GROUP --out FILE}): one
 * {@link SavedPlan} per target, each made from that target's own journal and pinned to its URI and
 * local state folder, and the targets file they came from, read again when the plan runs for the
 * targets' own parameters (the plan holds no value). It runs exactly as approved or not at all.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param targetsFile   the targets file, absolute
 * @param selection     the target or group name the plan was made for
 * @param plans         each target's plan, in the group's order
 */
public record SavedGroupPlan(int schemaVersion, String targetsFile, String selection, List<TargetEntry> plans) {

    /** The version of the saved form this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One target's saved plan.
     *
     * @param target the target's name in the targets file
     * @param plan   its saved plan, pinned to the target's URI
     */
    public record TargetEntry(String target, SavedPlan plan) {
    }

    /**
     * Copies the plans.
     *
     * @param schemaVersion {@value #SCHEMA_VERSION}
     * @param targetsFile   the targets file, absolute
     * @param selection     the target or group name the plan was made for
     * @param plans         each target's plan, in the group's order
     */
    public SavedGroupPlan {
        plans = plans == null ? List.of() : List.copyOf(plans);
    }

    /**
     * The saved form of a group's plans.
     *
     * @param targetsFile the targets file the targets come from
     * @param selection   the target or group name
     * @param plans       every target's plan ({@link GroupDeployment#plan}); each must be planned
     * @return the saved form
     * @throws IllegalArgumentException when a target has no plan
     */
    public static SavedGroupPlan of(Path targetsFile, String selection, List<GroupDeployment.TargetPlan> plans) {
        List<TargetEntry> entries = new ArrayList<>();
        for (GroupDeployment.TargetPlan p : plans) {
            if (!p.planned()) {
                throw new IllegalArgumentException("target " + p.target().name() + " has no plan to save");
            }
            entries.add(new TargetEntry(p.target().name(), p.saved()));
        }
        return new SavedGroupPlan(SCHEMA_VERSION, targetsFile.toAbsolutePath().normalize().toString(), selection,
                entries);
    }

    /**
     * Whether a file holds the saved plan of a group rather than of one target: it has {@code plans}.
     *
     * @param file a saved plan
     * @return true for a group's
     * @throws IOException when the file cannot be read
     */
    public static boolean isGroupPlan(Path file) throws IOException {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return root != null && root.has("plans") && root.has("targetsFile");
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * Reads a group's saved plan.
     *
     * @param file the saved plan
     * @return the plan
     * @throws IOException when the file cannot be read
     * @throws ManifestException naming the file when it is not a group's saved plan of this version
     */
    public static SavedGroupPlan read(Path file) throws IOException {
        String display = PackageReader.displayName(file);
        SavedGroupPlan plan;
        try {
            plan = JSON.readValue(file.toFile(), SavedGroupPlan.class);
        } catch (JsonProcessingException e) {
            throw new ManifestException("not a saved plan of a group: " + e.getOriginalMessage(),
                    Location.ofFile(display), e);
        }
        if (plan.schemaVersion() != SCHEMA_VERSION || plan.targetsFile() == null || plan.plans().isEmpty()
                || plan.plans().stream().anyMatch(e -> e.target() == null || e.plan() == null
                || e.plan().digest() == null || e.plan().targets().size() != 1)) {
            throw new ManifestException("not a saved plan of a group of schema version " + SCHEMA_VERSION
                    + " (it needs targetsFile and plans, each with a target and its plan)", Location.ofFile(display));
        }
        return plan;
    }

    /**
     * Writes the plan, atomically.
     *
     * @param file where to write it
     * @throws IOException when it cannot be written; what was there stays
     */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file.toAbsolutePath(), JSON.writeValueAsBytes(this), false);
    }

    /**
     * The saved plan of one target.
     *
     * @param target the target's name
     * @return its plan
     * @throws IllegalArgumentException when the group's plan has none for it
     */
    public SavedPlan planOf(String target) {
        return plans.stream().filter(e -> e.target().equals(target)).map(TargetEntry::plan).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the group's plan has no target " + target));
    }

    /**
     * The plan's targets, with their parameters read again from the targets file.
     *
     * @return the targets, in the plan's order
     * @throws dev.stagehand.api.DeploymentException naming the targets file when it is gone, no longer
     *                                               names a target of the plan or gives it another URI
     */
    public List<NamedTarget> targets() {
        Path file = Path.of(targetsFile);
        if (!Files.isRegularFile(file)) {
            throw new dev.stagehand.api.DeploymentException("the targets file of the plan is gone; plan again",
                    Location.ofFile(targetsFile));
        }
        TargetsFile read = TargetsFile.read(file);
        List<NamedTarget> targets = new ArrayList<>();
        for (TargetEntry entry : plans) {
            NamedTarget target = read.targets().get(entry.target());
            String approved = entry.plan().targets().get(0);
            if (target == null || !Objects.equals(target.uri(), approved)) {
                throw new dev.stagehand.api.DeploymentException("target " + entry.target() + (target == null
                        ? " is no longer in the targets file" : " has another URI in the targets file than when it"
                        + " was planned") + "; nothing was changed. Plan again", Location.ofFile(targetsFile));
            }
            targets.add(target);
        }
        return targets;
    }
}
