package dev.stagehand.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.PlanDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * A plan saved to a file ({@code deploy plan --out}) to be run later exactly as it was approved
 * ({@code deploy install --plan}): where it came from, what it deploys, and the digest of its
 * inputs. It holds no secret value: variables are read again when it runs, and a run refuses
 * the plan when they, the manifests or what is installed give another digest.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param sources       the package source folders, absolute
 * @param root          the root package id
 * @param rootVersion   the version of the root the plan deploys
 * @param options       how it was asked for and where it deploys: {@code requestedVersion}, the version or
 *                      range given for the root when one was (the plan runs the version it chose,
 *                      {@code rootVersion}); {@code state}, the absolute state folder, and {@code target}, the
 *                      target URI, when the plan was saved with them, so that running it from another
 *                      folder deploys where it was approved to
 * @param parameters    the parameters file it was made with, absolute, null when none (a reference only)
 * @param packages      {@code id@version} of every package version it deploys, in order
 * @param notice        its preparation notice (secrets masked)
 * @param digest        the digest of its inputs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SavedPlan(int schemaVersion, List<String> sources, String root, String rootVersion,
                        Map<String, String> options, String parameters, List<String> packages, List<String> notice,
                        PlanDigest digest) {

    /** The version of the saved form this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Copies the lists and maps; a saved form without options or notice has none.
     *
     * @param schemaVersion {@value #SCHEMA_VERSION}
     * @param sources the package source folders, absolute
     * @param root the root package id
     * @param rootVersion the version of the root the plan deploys
     * @param options how it was asked for and where it deploys: {@code requestedVersion}, the version or
     *                range given for the root when one was (the plan runs the version it chose,
     *                {@code rootVersion}); {@code state}, the absolute state folder, and {@code target}, the
     *                target URI, when the plan was saved with them, so that running it from another folder
     *                deploys where it was approved to
     * @param parameters the parameters file it was made with, absolute, null when none (a reference only)
     * @param packages {@code id@version} of every package version it deploys, in order
     * @param notice its preparation notice (secrets masked)
     * @param digest the digest of its inputs
     */
    public SavedPlan {
        sources = List.copyOf(sources);
        options = options == null ? Map.of() : Map.copyOf(options);
        packages = List.copyOf(packages);
        notice = notice == null ? List.of() : List.copyOf(notice);
    }

    /**
     * The saved form of a plan; {@code parameters} names the parameters file it was made with (or null).
     *
     * @param plan the plan
     * @param parameters the parameters file it was made with; null for none
     * @return the saved form
     */
    public static SavedPlan of(DeploymentPlan plan, Path parameters) {
        return of(plan, parameters, null, List.of());
    }

    /**
     * The saved form of a plan that deploys with the state folder {@code stateDirectory} (null when
     * not pinned) onto {@code targets} (target URIs; empty when not pinned).
     * {@link Stagehand#save} pins both as the instance that made the plan would deploy.
     *
     * @param plan the plan
     * @param parameters the parameters file it was made with; null for none
     * @param stateDirectory the state folder it deploys with; null when not pinned
     * @param targets the target URIs it deploys onto; empty when not pinned
     * @return the saved form
     */
    public static SavedPlan of(DeploymentPlan plan, Path parameters, Path stateDirectory, List<String> targets) {
        Map<String, String> options = new LinkedHashMap<>();
        if (plan.requestedVersion() != null) {
            options.put("requestedVersion", plan.requestedVersion());
        }
        if (stateDirectory != null) {
            options.put("state", stateDirectory.toAbsolutePath().normalize().toString());
        }
        if (!targets.isEmpty()) {
            // A line per target: no URI holds a line break.
            options.put("target", String.join("\n", targets));
        }
        return new SavedPlan(SCHEMA_VERSION, plan.sources().stream().map(p -> p.toAbsolutePath().normalize().toString())
                .toList(), plan.rootId(), plan.rootVersion(), options, parameters == null ? null
                : parameters.toAbsolutePath().normalize().toString(),
                plan.toDeploy().stream().map(p -> p.coordinates()).toList(), plan.notice(), plan.digest());
    }

    /** {@return the state folder the plan was approved for, when it was saved with one} */
    public Optional<Path> stateDirectory() {
        return Optional.ofNullable(options.get("state")).map(Path::of);
    }

    /** {@return the target URIs the plan was approved for; empty when it was saved without} */
    public List<String> targets() {
        String targets = options.get("target");
        return targets == null || targets.isBlank() ? List.of() : List.of(targets.split("\n"));
    }

    /** {@return the parameters file the plan was made with, while it is still there} */
    public Optional<Path> parametersFile() {
        return Optional.ofNullable(parameters).map(Path::of).filter(Files::isRegularFile);
    }

    /** {@return the source folders as paths} */
    public List<Path> sourceFolders() {
        return sources.stream().map(Path::of).toList();
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
     * Reads a saved plan.
     *
     * @param file the saved plan
     * @return the plan
     * @throws IOException when the file cannot be read
     * @throws ManifestException naming the file when it is not a saved plan of this version
     */
    public static SavedPlan read(Path file) throws IOException {
        String display = PackageReader.displayName(file);
        if (!Files.isRegularFile(file)) {
            throw new ManifestException("no such plan file", Location.ofFile(display));
        }
        SavedPlan plan;
        try {
            plan = JSON.readValue(file.toFile(), SavedPlan.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ManifestException("not a saved plan: " + e.getOriginalMessage(), Location.ofFile(display), e);
        }
        if (plan.schemaVersion() != SCHEMA_VERSION || plan.root() == null || plan.rootVersion() == null
                || plan.digest() == null || plan.sources().isEmpty()) {
            throw new ManifestException("not a saved plan of schema version " + SCHEMA_VERSION
                    + " (it needs sources, root, rootVersion and digest)", Location.ofFile(display));
        }
        return plan;
    }
}
