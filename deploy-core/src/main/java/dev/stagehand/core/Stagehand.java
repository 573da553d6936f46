package dev.stagehand.core;

import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.core.internal.plan.PlanBuilder;
import dev.stagehand.core.internal.plan.Planner;
import dev.stagehand.core.internal.variables.VariableSet;
import dev.stagehand.core.journal.FileDeploymentJournal;
import dev.stagehand.core.plan.DeploymentPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The entry point for embedding: configure package sources, parameters and state, then plan
 * (and, with the engine, install). The sample CLI uses nothing else.
 *
 * <pre>{@code
 * Stagehand stagehand = Stagehand.configure()
 *         .sources(Path.of("packages"))
 *         .parameters(Parameters.read(Path.of("parameters.json")))
 *         .stateDirectory(Path.of(".deploy"))
 *         .load();
 * DeploymentPlan plan = stagehand.plan(RootRequest.parse("Cmf.Root"));
 * }</pre>
 */
public final class Stagehand {

    private final Configuration configuration;
    private PackageSource source;

    private Stagehand(Configuration configuration) {
        this.configuration = configuration;
    }

    public static Configuration configure() {
        return new Configuration();
    }

    /** The indexed package sources (indexed once, on first use). */
    public synchronized PackageSource source() throws IOException {
        if (source == null) {
            source = configuration.source != null ? configuration.source : PackageSource.index(configuration.sources);
        }
        return source;
    }

    /** The journal: the configured one, else the file journal of the state folder. */
    public DeploymentJournal journal() {
        return configuration.journal != null ? configuration.journal
                : FileDeploymentJournal.open(configuration.stateDirectory);
    }

    /**
     * Works out what deploying {@code root} would do, touching nothing.
     *
     * @throws dev.stagehand.api.ResolutionException listing every problem when no plan exists
     */
    public DeploymentPlan plan(RootRequest root) throws IOException {
        PackageSource packages = source();
        Planner.Resolution resolution = new Planner(packages, journal()).resolve(root.id(), root.version());
        List<VariableDeclaration> declarations = new ArrayList<>();
        Map<String, String> builtIns = new LinkedHashMap<>();
        resolution.selections().values().forEach(s -> declarations.addAll(s.top().manifest().ui().variables()));
        VariableSet variables = new VariableSet(configuration.parameters, declarations, builtIns, configuration.secrets);
        return PlanBuilder.build(resolution, variables);
    }

    /** How a {@link Stagehand} is set up. */
    public static final class Configuration {
        private final List<Path> sources = new ArrayList<>();
        private PackageSource source;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final Set<String> secrets = new LinkedHashSet<>();
        private Path stateDirectory = Path.of(".deploy");
        private DeploymentJournal journal;

        private Configuration() {
        }

        /** Package source folders, searched in this order. */
        public Configuration sources(Path... folders) {
            sources.addAll(List.of(folders));
            return this;
        }

        public Configuration sources(List<Path> folders) {
            sources.addAll(folders);
            return this;
        }

        /** An index built already (instead of folders). */
        public Configuration source(PackageSource index) {
            this.source = Objects.requireNonNull(index);
            return this;
        }

        /** Variable values; they win over UI defaults. */
        public Configuration parameters(Map<String, String> values) {
            parameters.putAll(values);
            return this;
        }

        /** Names of variables whose values must never be shown, besides Password variables. */
        public Configuration secrets(Set<String> names) {
            secrets.addAll(names);
            return this;
        }

        /** The state folder holding the journal and the lock (default {@code .deploy}). */
        public Configuration stateDirectory(Path folder) {
            this.stateDirectory = Objects.requireNonNull(folder);
            return this;
        }

        /** A journal other than the state folder's file journal (JDBC, in memory). */
        public Configuration journal(DeploymentJournal journal) {
            this.journal = Objects.requireNonNull(journal);
            return this;
        }

        public Stagehand load() {
            if (sources.isEmpty() && source == null) {
                throw new IllegalStateException("no package sources configured");
            }
            return new Stagehand(this);
        }
    }
}
