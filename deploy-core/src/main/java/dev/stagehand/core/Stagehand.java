package dev.stagehand.core;

import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.engine.HandlerRegistry;
import dev.stagehand.core.internal.engine.PipelineEngine;
import dev.stagehand.core.internal.engine.StateLock;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.DeploymentStatus;
import dev.stagehand.core.result.InstallOptions;
import dev.stagehand.core.result.Status;
import dev.stagehand.core.target.LocalTarget;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
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

    private static final DateTimeFormatter DEPLOYMENT_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

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
            if (configuration.source == null && configuration.sources.isEmpty()) {
                throw new IllegalStateException("no package sources configured");
            }
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
     * Deploys {@code root}: plans, then runs every planned step through the seven stages.
     * Problems found before anything changes (validation) and step failures are in the result,
     * not thrown; what is thrown is a plan that cannot be made or a state folder that is locked.
     */
    public DeploymentResult install(RootRequest root, InstallOptions options) throws IOException, InterruptedException {
        Instant started = configuration.clock.instant();
        String deploymentId = DEPLOYMENT_ID.format(started.atZone(ZoneOffset.UTC)) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        // The lock first: a journal read before it could be stale by the time the lock is ours.
        StateLock lock = options.dryRun() ? null
                : StateLock.acquire(configuration.stateDirectory, deploymentId, options.lockWait(), options.lockExpiry(),
                configuration.clock);
        try {
            DeploymentJournal journal = journal();
            PackageSource packages = source();
            Planner.Resolution resolution = new Planner(packages, journal).resolve(root.id(), root.version());
            VariableSet variables = variables(resolution, deploymentId);
            DeploymentPlan plan = PlanBuilder.build(resolution, variables);
            String user = System.getProperty("user.name", "unknown");
            String rootText = plan.rootId() + "@" + plan.rootVersion();
            if (!options.dryRun()) {
                journal.deploymentStarted(new DeploymentRecord(deploymentId, rootText, user, started, null,
                        DeploymentRecord.Outcome.RUNNING, ""));
            }
            DeploymentListener listener = event -> configuration.listeners.forEach(l -> l.onEvent(event));
            listener.onEvent(new DeploymentEvent.DeploymentStarted(started, deploymentId, rootText,
                    plan.toDeploy().size(), plan.toDeploy().stream().mapToInt(p -> p.steps().size()).sum()));
            HandlerRegistry handlers = HandlerRegistry.load(configuration.classLoader, configuration.forcedHandlers);
            Path workRoot = configuration.stateDirectory.resolve("work").resolve(deploymentId);
            PipelineEngine.Outcome outcome;
            try {
                outcome = new PipelineEngine(new PipelineEngine.Run(deploymentId, plan, variables,
                        handlers, configuration.targets, journal, listener, workRoot,
                        configuration.stateDirectory.resolve("cache"), options, configuration.clock,
                        lock == null ? StateLock.none() : lock)).execute();
            } catch (RuntimeException | Error e) {
                if (!options.dryRun()) {
                    journal.deploymentFinished(new DeploymentRecord(deploymentId, rootText, user, started,
                            configuration.clock.instant(), DeploymentRecord.Outcome.FAILED,
                            variables.mask("stopped: " + e.getMessage())));
                }
                throw e;
            }
            DeploymentRecord.Outcome result = outcome.packages().stream().anyMatch(p -> p.status() == Status.FAILED)
                    || outcome.validationFailed()
                    ? (outcome.packages().stream().anyMatch(p -> p.status() == Status.SUCCEEDED)
                    ? DeploymentRecord.Outcome.PARTIAL : DeploymentRecord.Outcome.FAILED)
                    : DeploymentRecord.Outcome.SUCCEEDED;
            Instant finished = configuration.clock.instant();
            DeploymentResult deployment = new DeploymentResult(deploymentId, plan, result, outcome.packages(),
                    outcome.problems(), started, finished);
            if (!options.dryRun()) {
                journal.deploymentFinished(new DeploymentRecord(deploymentId, rootText, user, started, finished, result,
                        variables.mask(deployment.summary())));
            }
            listener.onEvent(new DeploymentEvent.DeploymentFinished(finished, deploymentId, deployment.succeeded(),
                    variables.mask(deployment.summary())));
            return deployment;
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** What the state folder's journal says is installed, and the last deployments. */
    public DeploymentStatus status() {
        DeploymentJournal journal = journal();
        return new DeploymentStatus(journal.installedPackages(), journal.deployments());
    }

    private VariableSet variables(Planner.Resolution resolution, String deploymentId) {
        List<VariableDeclaration> declarations = new ArrayList<>();
        Map<String, String> builtIns = new LinkedHashMap<>();
        builtIns.put("Deployment.Id", deploymentId == null ? "(assigned at install)" : deploymentId);
        builtIns.put("Deployment.User", System.getProperty("user.name", "unknown"));
        VariableSet parametersOnly = new VariableSet(configuration.parameters, List.of(), Map.of(), Set.of());
        resolution.selections().values().forEach(s -> {
            PackageManifest m = s.top().manifest();
            declarations.addAll(m.ui().variables());
            builtIns.put("Package[" + m.id() + "].Version", m.version());
            if (m.targetDirectory() != null) {
                builtIns.put("Package[" + m.id() + "].TargetDirectory", parametersOnly.expandKnown(m.targetDirectory()));
            }
        });
        return new VariableSet(configuration.parameters, declarations, builtIns, configuration.secrets);
    }

    /**
     * Works out what deploying {@code root} would do, touching nothing.
     *
     * @throws dev.stagehand.api.ResolutionException listing every problem when no plan exists
     */
    public DeploymentPlan plan(RootRequest root) throws IOException {
        PackageSource packages = source();
        Planner.Resolution resolution = new Planner(packages, journal()).resolve(root.id(), root.version());
        return PlanBuilder.build(resolution, variables(resolution, null));
    }

    /** How a {@link Stagehand} is set up. */
    public static final class Configuration {
        private final List<Path> sources = new ArrayList<>();
        private PackageSource source;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final Set<String> secrets = new LinkedHashSet<>();
        private Path stateDirectory = Path.of(".deploy");
        private DeploymentJournal journal;
        private final List<DeploymentListener> listeners = new ArrayList<>();
        private final List<DeploymentTarget> targets = new ArrayList<>();
        private final Map<String, String> forcedHandlers = new LinkedHashMap<>();
        private ClassLoader classLoader = Stagehand.class.getClassLoader();
        private Clock clock = Clock.systemUTC();

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

        /** Receives every event of every deployment (progress, problems), secrets masked. */
        public Configuration listener(DeploymentListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /**
         * A machine to deploy onto (default: this one, relative paths from the working folder).
         * Given several times, every step runs on each target in turn, all targets of a step
         * before the next step, stage by stage.
         */
        public Configuration target(DeploymentTarget value) {
            targets.add(Objects.requireNonNull(value));
            return this;
        }

        /** Forces the handler (class name, simple or full) that serves a step type, package type or script handler name. */
        public Configuration forceHandler(String name, String handlerClass) {
            forcedHandlers.put(name, handlerClass);
            return this;
        }

        /** Where handlers are looked up with ServiceLoader (default: the class loader of Stagehand). */
        public Configuration classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader);
            return this;
        }

        /** The clock of journal times and lock heartbeats (tests). */
        public Configuration clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** The configured instance; plan and install need package sources, status does not. */
        public Stagehand load() {
            if (targets.isEmpty()) {
                // Forced once per step by the engine rather than per file: the same guarantee for the journal.
                targets.add(new LocalTarget(Path.of("").toAbsolutePath(), LocalTarget.Durability.ON_FLUSH));
            }
            return new Stagehand(this);
        }
    }
}
