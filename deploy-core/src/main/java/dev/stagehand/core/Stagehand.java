package dev.stagehand.core;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.JournalException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.ResolutionException;
import dev.stagehand.core.internal.variables.PackageVariables;
import dev.stagehand.core.internal.plan.StepPlanning;
import dev.stagehand.api.spi.VariableReferences;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.ValidationException;
import dev.stagehand.api.Status;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.engine.EventEmitter;
import dev.stagehand.core.internal.engine.Interruptions;
import dev.stagehand.core.internal.engine.PipelineEngine;
import dev.stagehand.core.internal.engine.StateFolders;
import dev.stagehand.core.internal.engine.StateLock;
import dev.stagehand.core.internal.packages.PackageFiles;
import dev.stagehand.core.internal.packages.ZipPackage;
import dev.stagehand.core.internal.plan.PlanBuilder;
import dev.stagehand.core.internal.plan.PlanDigests;
import dev.stagehand.core.internal.plan.Planner;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import dev.stagehand.core.internal.plugins.Targets;
import dev.stagehand.core.internal.variables.VariableSet;
import dev.stagehand.core.journal.FileDeploymentJournal;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.ZipLimits;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.PlanDigest;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.JournalReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The entry point for embedding: configure package sources, parameters and state, then plan,
 * install (a root, or a plan approved earlier) and read the journal. The sample CLI uses nothing
 * else.
 *
 * <pre>{@code
 * try (Stagehand stagehand = Stagehand.configure()
 *         .sources(Path.of("packages"))
 *         .parameters(Parameters.read(Path.of("parameters.json")))
 *         .stateDirectory(Path.of(".deploy"))
 *         .load()) {
 *     DeploymentPlan plan = stagehand.plan(RootRequest.parse("Cmf.Root"));
 *     DeploymentResult result = stagehand.install(plan, InstallOptions.DEFAULTS);
 * }
 * }</pre>
 */
public final class Stagehand implements AutoCloseable {

    private static final DateTimeFormatter DEPLOYMENT_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String WORK = "work";

    private final Configuration configuration;
    private PackageSource source;
    private PluginRegistry plugins;
    private List<DeploymentTarget> targets;
    private final List<DeploymentTarget> opened = new ArrayList<>();
    private Map<String, String> overrides;
    private Set<String> secrets;

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
                throw new DeploymentException("no package sources are configured", Location.UNKNOWN);
            }
            source = configuration.source != null ? configuration.source : PackageSource.index(configuration.sources,
                    configuration.zipLimits);
        }
        return source;
    }

    /**
     * The journal: the configured one, else the one kept on the target when
     * {@link Configuration#journalOnTarget()}, else the file journal of the state folder.
     */
    public DeploymentJournal journal() {
        if (configuration.journal != null) {
            return configuration.journal;
        }
        if (configuration.journalOnTarget) {
            try {
                List<DeploymentTarget> all = targets();
                if (all.size() != 1) {
                    throw new DeploymentException("a journal kept on the target needs exactly one target, not "
                            + all.size(), Location.UNKNOWN);
                }
                return FileDeploymentJournal.onTarget(all.get(0));
            } catch (IOException e) {
                throw new JournalException("the target cannot be opened for its journal: " + e.getMessage(),
                        Location.UNKNOWN, e);
            }
        }
        return FileDeploymentJournal.open(configuration.stateDirectory);
    }

    /** The plugins found on the configured class loader. */
    public PluginCatalog plugins() {
        return Catalogs.of(registry());
    }

    private synchronized PluginRegistry registry() {
        if (plugins == null) {
            plugins = PluginRegistry.load(configuration.classLoader, configuration.forcedHandlers);
        }
        return plugins;
    }

    /** The targets, opened through their providers on first use. */
    private synchronized List<DeploymentTarget> targets() throws IOException {
        if (targets == null) {
            List<DeploymentTarget> all = new ArrayList<>(configuration.targets);
            List<String> specs = configuration.targetSpecs.isEmpty() && all.isEmpty() ? List.of(Targets.DEFAULT)
                    : configuration.targetSpecs;
            for (String spec : specs) {
                DeploymentTarget target = Targets.open(spec, registry(), name -> userVariables().get(name));
                opened.add(target);
                all.add(target);
            }
            targets = List.copyOf(all);
        }
        return targets;
    }

    /**
     * Works out what deploying {@code root} would do, touching nothing.
     *
     * @throws ResolutionException listing every problem when no plan exists (a step type no loaded
     *                             plugin serves among them)
     */
    public DeploymentPlan plan(RootRequest root) throws IOException {
        return plan(root, journal(), "(assigned at install)").plan();
    }

    /** A plan with the variables it was made with. */
    private record Planned(DeploymentPlan plan, VariableSet variables) {
    }

    private Planned plan(RootRequest root, DeploymentJournal journal, String deploymentId) throws IOException {
        PackageSource packages = source();
        Planner.Resolution resolution = new Planner(packages.index(), journal, registry())
                .resolve(root.id(), root.version());
        VariableSet variables = variables(resolution, deploymentId);
        Map<String, String> given = userValues();
        DeploymentPlan plan = PlanBuilder.build(resolution, new PlanBuilder.Inputs(variables, registry(),
                        targets().get(0), root.version(), packages.folders()),
                planned -> PlanDigests.of(planned, given, variables::isSecret, journal));
        refuseDeclaredOversizedZips(plan);
        return new Planned(plan, variables);
    }

    /**
     * Refuses a plan whose zipped packages declare, in their central directories, more than the
     * zip limits allow: the install would refuse them, and reading the headers costs nothing.
     */
    private void refuseDeclaredOversizedZips(DeploymentPlan plan) throws IOException {
        List<Problem> problems = new ArrayList<>();
        for (PlannedPackage p : plan.toDeploy()) {
            if (PackageFiles.isZip(p.origin())) {
                try (ZipPackage zip = ZipPackage.open(p.origin(), PackageFiles.displayName(p.origin()),
                        configuration.zipLimits)) {
                    zip.checkDeclared();
                } catch (DeploymentException e) {
                    e.problems().forEach(problem -> problems.add(new Problem(problem.severity(), problem.message(),
                            problem.location().withPackage(p.id(), p.version()))));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ResolutionException(problems);
        }
    }

    /**
     * What planning would refuse in one package's steps, found without a plan or a journal: each
     * step whose attributes resolve with the configured values (and the built-ins) is shown to its
     * handler's planning hook, which refuses a path out of its folder, a content pattern that
     * climbs out of the package, and the like. A step that still names a variable without a value
     * is left to the plan, which knows all of them.
     *
     * @return the refusals, each located at its step; empty when none
     */
    public List<Problem> check(PackageManifest manifest) throws IOException {
        VariableSet variables = VariableSet.ofDeployment(overrides(), configuration.parameters, List.of(manifest),
                "(validate)", secrets());
        PackageVariables packageVariables = new PackageVariables(variables, variables.packageBuiltIns(manifest),
                manifest.location().withPackage(manifest.id(), manifest.version()), registry());
        List<Problem> problems = new ArrayList<>();
        for (StepDescriptor step : manifest.steps()) {
            Optional<StepHandler> handler = registry().stepHandler(step.type());
            if (handler.isEmpty()) {
                continue;
            }
            Attributes attributes;
            try {
                attributes = step.attributes().mapValues(packageVariables::expandKnown);
            } catch (DeploymentException e) {
                continue;
            }
            if (attributes.asMap().values().stream().anyMatch(v -> !VariableReferences.in(v).isEmpty())) {
                continue;
            }
            try {
                StepPlanning.plannedChanges(handler.get(), step, attributes, manifest, packageVariables,
                        targets().get(0), why -> { });
            } catch (ValidationException e) {
                problems.addAll(e.problems());
            }
        }
        return problems;
    }

    /**
     * Deploys {@code root}: plans, then runs every planned step through the seven stages.
     * Problems found before anything changes (validation) and step failures are in the result,
     * not thrown; what is thrown is a plan that cannot be made or a state folder that is locked.
     */
    public DeploymentResult install(RootRequest root, InstallOptions options) throws IOException, InterruptedException {
        return install(root, null, options);
    }

    /**
     * Runs a plan made earlier (and shown to someone who approved it) exactly: refused, with what
     * changed, when the manifests, the parameters or what is installed no longer give its digest.
     */
    public DeploymentResult install(DeploymentPlan plan, InstallOptions options) throws IOException, InterruptedException {
        return install(new RootRequest(plan.rootId(), plan.rootVersion()), plan.digest(), options);
    }

    /** Runs a saved plan ({@code deploy plan --out}) exactly, as {@link #install(DeploymentPlan, InstallOptions)}. */
    public DeploymentResult install(SavedPlan plan, InstallOptions options) throws IOException, InterruptedException {
        return install(new RootRequest(plan.root(), plan.rootVersion()), plan.digest(), options);
    }

    private DeploymentResult install(RootRequest root, PlanDigest approved, InstallOptions options)
            throws IOException, InterruptedException {
        Instant started = configuration.clock.instant();
        String deploymentId = DEPLOYMENT_ID.format(started.atZone(ZoneOffset.UTC)) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        // The lock first: a journal read before it could be stale by the time the lock is ours.
        boolean stateExisted = Files.exists(configuration.stateDirectory);
        Held held = options.dryRun() ? new Held(StateLock.none(), false) : lock(deploymentId, options);
        JournalLock lock = held.lock();
        try {
            DeploymentJournal journal = journal();
            if (!options.dryRun()) {
                new Interruptions(journal, workRoot(), configuration.clock).closeDeadRuns(held.guardsJournal(),
                        deploymentId);
            }
            Planned planned = plan(root, journal, deploymentId);
            if (approved != null) {
                refuseChanged(planned.plan(), approved);
            }
            refuseOversizedZips(planned.plan());
            return new Run(deploymentId, started, planned.plan(), planned.variables(), journal, lock, options)
                    .execute();
        } finally {
            lock.close();
            if (!stateExisted) {
                removeIfEmpty(configuration.stateDirectory);
            }
        }
    }

    /** A state folder the lock made for a deployment that never started is not left behind. */
    private static void removeIfEmpty(Path folder) {
        try (java.util.stream.Stream<Path> children = Files.list(folder)) {
            if (children.findAny().isEmpty()) {
                Files.deleteIfExists(folder);
            }
        } catch (IOException e) {
            // Not there, or not empty any more: nothing to tidy.
        }
    }

    /**
     * Reads every zipped package to deploy once, writing nothing, before the deployment is opened:
     * a zip past its limits (whatever its headers say) is refused before anything, the journal
     * included, is changed.
     */
    private void refuseOversizedZips(DeploymentPlan plan) throws IOException {
        for (PlannedPackage p : plan.toDeploy()) {
            if (PackageFiles.isZip(p.origin())) {
                try (ZipPackage zip = ZipPackage.open(p.origin(), PackageFiles.displayName(p.origin()),
                        configuration.zipLimits)) {
                    zip.verify();
                } catch (DeploymentException e) {
                    throw new DeploymentException(e.reason(), e.location().withPackage(p.id(), p.version()), e);
                }
            }
        }
    }

    /** A lock held for a deployment, and whether it is the journal's own (so nobody else writes the journal). */
    private record Held(JournalLock lock, boolean guardsJournal) {
    }

    /**
     * The journal's own lock, or the state folder's when the journal has none: one deployment at a
     * time writes the journal, wherever the deployments that share it run.
     */
    private Held lock(String deploymentId, InstallOptions options) throws IOException, InterruptedException {
        LockRequest request = new LockRequest(deploymentId, options.lockWait(), options.lockExpiry(),
                configuration.clock);
        Optional<JournalLock> own = journal().lock(request);
        if (own.isPresent()) {
            return new Held(stoppable(own.get()), true);
        }
        try {
            return new Held(StateLock.acquire(configuration.stateDirectory, request), false);
        } catch (IOException e) {
            throw new JournalException("the state folder cannot be used: " + e, Location.ofFile(
                    PackageReader.displayName(configuration.stateDirectory)), e);
        }
    }

    /**
     * The lock as the engine sees it: lost also once {@link Configuration#stopWhen} says stop, so
     * that a deployment of a group starts no new step after another target failed.
     */
    private JournalLock stoppable(JournalLock lock) {
        if (configuration.stop == null) {
            return lock;
        }
        java.util.function.BooleanSupplier stop = configuration.stop;
        return new JournalLock() {
            @Override
            public boolean lost() {
                return lock.lost() || stop.getAsBoolean();
            }

            @Override
            public void close() {
                lock.close();
            }
        };
    }

    private Path workRoot() {
        return configuration.stateDirectory.resolve(WORK);
    }

    private static void refuseChanged(DeploymentPlan plan, PlanDigest approved) {
        List<String> changed = approved.differences(plan.digest());
        if (!changed.isEmpty()) {
            throw new DeploymentException("the plan for " + plan.root() + " was made from inputs that have changed"
                    + " since: " + String.join(", ", changed) + "; nothing was changed. Plan again and approve the"
                    + " new plan", Location.ofPackage(plan.rootId(), plan.rootVersion()));
        }
    }

    /** One deployment of a plan: journal record, events, the engine, the result. */
    private final class Run {
        private final String id;
        private final Instant started;
        private final DeploymentPlan plan;
        private final VariableSet variables;
        private final DeploymentJournal journal;
        private final JournalLock lock;
        private final InstallOptions options;
        private final String user;
        private final EventEmitter events;

        Run(String id, Instant started, DeploymentPlan plan, VariableSet variables, DeploymentJournal journal,
            JournalLock lock, InstallOptions options) {
            this.id = id;
            this.started = started;
            this.plan = plan;
            this.variables = variables;
            this.journal = journal;
            this.lock = lock;
            this.options = options;
            // Who deployed, as the steps see it: the OS user unless Deployment.User was given.
            this.user = variables.get("Deployment.User").orElse(System.getProperty("user.name", "unknown"));
            this.events = new EventEmitter(configuration.listeners, variables::mask);
        }

        DeploymentResult execute() throws IOException {
            if (!options.dryRun()) {
                journal.deploymentStarted(new DeploymentRecord(id, plan.root(), user, started, null,
                        DeploymentOutcome.RUNNING, ""));
            }
            events.emit(new DeploymentEvent.DeploymentStarted(started, id, plan.root(), plan.toDeploy().size(),
                    plan.toDeploy().stream().mapToInt(p -> p.steps().size()).sum()));
            PipelineEngine.Result result;
            Path work = workRoot().resolve(id);
            Thread thread = Thread.currentThread();
            ClassLoader caller = thread.getContextClassLoader();
            // Plugins find what their jars bring (JDBC drivers, Jackson modules) through it.
            thread.setContextClassLoader(configuration.classLoader);
            try {
                Interruptions.claim(work, new LockRequest(id, options.lockWait(), options.lockExpiry(),
                        configuration.clock).holder());
                Path cache = StateFolders.create(configuration.stateDirectory.resolve("cache"));
                result = new PipelineEngine(new PipelineEngine.Run(id, plan, variables, registry(), targets(), journal,
                        events, configuration.stateDirectory, work, cache, options, configuration.clock, lock,
                        configuration.zipLimits)).execute();
            } catch (IOException | RuntimeException | Error e) {
                finish(DeploymentOutcome.FAILED, "stopped: " + e.getMessage());
                if (e instanceof DeploymentException d) {
                    throw d;
                }
                throw new DeploymentException("the deployment stopped on an internal error: " + variables.mask(
                        String.valueOf(e)), Location.UNKNOWN, e);
            } finally {
                thread.setContextClassLoader(caller);
                // The engine removes it on its way out; this covers a start that failed before the engine ran.
                Interruptions.remove(work);
            }
            DeploymentResult deployment = new DeploymentResult(id, plan, outcome(result), result.packages(),
                    result.problems(), started, configuration.clock.instant());
            finish(deployment.outcome(), deployment.summary());
            events.emit(new DeploymentEvent.DeploymentFinished(deployment.finished(), id, deployment.succeeded(),
                    deployment.summary()));
            return deployment;
        }

        private void finish(DeploymentOutcome outcome, String summary) {
            if (!options.dryRun()) {
                journal.deploymentFinished(new DeploymentRecord(id, plan.root(), user, started,
                        configuration.clock.instant(), outcome, variables.mask(summary)));
            }
        }

        private DeploymentOutcome outcome(PipelineEngine.Result result) {
            boolean failed = result.validationFailed()
                    || result.packages().stream().anyMatch(p -> p.status() == Status.FAILED);
            if (!failed) {
                return DeploymentOutcome.SUCCEEDED;
            }
            return result.packages().stream().anyMatch(p -> p.status() == Status.SUCCEEDED)
                    ? DeploymentOutcome.PARTIAL : DeploymentOutcome.FAILED;
        }
    }

    /** What the state folder's journal says is installed, and the last deployments. */
    public JournalReport status() {
        DeploymentJournal journal = journal();
        return new JournalReport(journal.installedPackages(), journal.deployments());
    }

    /** Closes the targets this instance opened from their URIs. */
    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        for (DeploymentTarget target : opened) {
            try {
                target.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        opened.clear();
        targets = null;
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The plan saved so that it runs later as approved, from anywhere: with this instance's state
     * folder and its targets pinned (a local folder made absolute). Targets given as objects
     * ({@link Configuration#target(DeploymentTarget)}) cannot be saved and are not pinned.
     *
     * @param parametersFile the parameters file the plan was made with, read again when it runs; null for none
     */
    public SavedPlan save(DeploymentPlan plan, Path parametersFile) {
        List<String> specs = !configuration.targets.isEmpty() ? List.of()
                : configuration.targetSpecs.isEmpty() ? List.of(Targets.DEFAULT) : configuration.targetSpecs;
        return SavedPlan.of(plan, parametersFile, configuration.stateDirectory,
                specs.stream().map(Targets::absolute).toList());
    }

    /** The values the user gave: environment variables, then {@code --set} values, over the parameters. */
    private Map<String, String> userValues() {
        Map<String, String> values = new LinkedHashMap<>(configuration.parameters);
        values.putAll(overrides());
        return values;
    }

    /** The user's values as variables, for opening targets: no built-ins, no defaults yet. */
    private VariableSet userVariables() {
        return new VariableSet(overrides(), configuration.parameters, List.of(), Map.of(), secrets());
    }

    /** {@code DEPLOY_VAR_*} environment variables, then {@code --set} values over them; read once. */
    private Map<String, String> overrides() {
        if (overrides == null) {
            Set<String> known = new LinkedHashSet<>(configuration.parameters.keySet());
            known.addAll(configuration.overrides.keySet());
            Map<String, String> values = new LinkedHashMap<>(VariableSet.fromEnvironment(configuration.environment,
                    known));
            values.putAll(configuration.overrides);
            overrides = java.util.Collections.unmodifiableMap(values);
        }
        return overrides;
    }

    /** The names marked secret by the configuration and by the plugins; found once. */
    private Set<String> secrets() {
        if (secrets == null) {
            Set<String> names = new LinkedHashSet<>(configuration.secrets);
            names.addAll(registry().declaredSecrets());
            secrets = java.util.Collections.unmodifiableSet(names);
        }
        return secrets;
    }

    private VariableSet variables(Planner.Resolution resolution, String deploymentId) {
        List<PackageManifest> manifests = resolution.selections().values().stream().map(s -> s.top().manifest())
                .toList();
        return VariableSet.ofDeployment(overrides(), configuration.parameters, manifests, deploymentId, secrets());
    }

    /** How a {@link Stagehand} is set up. */
    public static final class Configuration {
        private final List<Path> sources = new ArrayList<>();
        private PackageSource source;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Map<String, String> environment = System.getenv();
        private final Set<String> secrets = new LinkedHashSet<>();
        private Path stateDirectory = Path.of(".deploy");
        private DeploymentJournal journal;
        private boolean journalOnTarget;
        private java.util.function.BooleanSupplier stop;
        private final List<DeploymentListener> listeners = new ArrayList<>();
        private final List<DeploymentTarget> targets = new ArrayList<>();
        private final List<String> targetSpecs = new ArrayList<>();
        private final Map<String, String> forcedHandlers = new LinkedHashMap<>();
        private ClassLoader classLoader = Stagehand.class.getClassLoader();
        private Clock clock = Clock.systemUTC();
        private ZipLimits zipLimits = ZipLimits.DEFAULTS;

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

        /** Variable values (parameters.json); they win over UI defaults. */
        public Configuration parameters(Map<String, String> values) {
            parameters.putAll(values);
            return this;
        }

        /** A variable value that wins over parameters and environment variables ({@code --set NAME=VALUE}). */
        public Configuration set(String name, String value) {
            overrides.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * The environment whose {@code DEPLOY_VAR_<NAME>} variables give values (the name upper-cased,
         * dots as {@code _}), over the parameters and under {@link #set}; the process's by default.
         */
        public Configuration environment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
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

        /**
         * Keeps the journal and its lock on the target (there must be one), in {@code .deploy/} of
         * its base folder, written through the target's own file operations: each machine tells
         * what is installed on it, and two deployers on two machines never deploy to it at once.
         * The target is locked when it can create files exclusively; otherwise the state folder is.
         */
        public Configuration journalOnTarget() {
            this.journalOnTarget = true;
            return this;
        }

        /**
         * Asked before each step of an install with a lock of the journal's own: once true, no new
         * step starts (those running finish, Cleanup runs). For groups of targets with
         * {@code --on-error abort}.
         */
        public Configuration stopWhen(java.util.function.BooleanSupplier value) {
            this.stop = Objects.requireNonNull(value);
            return this;
        }

        /** Receives every event of every deployment (progress, problems), secrets masked. */
        public Configuration listener(DeploymentListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /**
         * A machine to deploy onto (default: {@code local:}, this one, relative paths from the
         * working folder). Given several times, every step runs on each target in turn, all
         * targets of a step before the next step, stage by stage.
         */
        public Configuration target(DeploymentTarget value) {
            targets.add(Objects.requireNonNull(value));
            return this;
        }

        /**
         * A machine to deploy onto by URI, opened through the {@link dev.stagehand.api.target.TargetProvider}
         * of its scheme: {@code local:/srv/app}, a plain path (a local folder), {@code ssh://...}
         * when the SSH module is loaded.
         */
        public Configuration target(String uri) {
            targetSpecs.add(Objects.requireNonNull(uri));
            return this;
        }

        /**
         * What a saved plan was approved with: its source folders, its state folder and its targets
         * when it pinned them. The parameters are not in it; give them again (its
         * {@link SavedPlan#parametersFile()}, {@link #set}).
         *
         * @throws DeploymentException naming the folder when a source folder is gone
         */
        public Configuration from(SavedPlan saved) {
            for (Path folder : saved.sourceFolders()) {
                if (!Files.isDirectory(folder)) {
                    throw new DeploymentException("the plan's source folder " + folder + " does not exist any more",
                            Location.ofFile(folder.toString()));
                }
            }
            sources(saved.sourceFolders());
            saved.stateDirectory().ifPresent(this::stateDirectory);
            saved.targets().forEach(this::target);
            return this;
        }

        /** Forces the handler (class name, simple or full) that serves a step type, package type or script handler name. */
        public Configuration forceHandler(String name, String handlerClass) {
            forcedHandlers.put(name, handlerClass);
            return this;
        }

        /** Where plugins are looked up with ServiceLoader (default: the class loader of Stagehand). */
        public Configuration classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader);
            return this;
        }

        /**
         * What a zipped package may hold (entries, uncompressed bytes, compression ratio), checked
         * while it is read, when indexing and when unpacking; {@link ZipLimits#DEFAULTS} otherwise.
         */
        public Configuration zipLimits(ZipLimits value) {
            this.zipLimits = Objects.requireNonNull(value);
            return this;
        }

        /** The clock of journal times and lock heartbeats (tests). */
        public Configuration clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** The configured instance; plan and install need package sources, status does not. */
        public Stagehand load() {
            return new Stagehand(this);
        }
    }
}
