package dev.stagehand.core;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.JournalException;
import dev.stagehand.api.Location;
import dev.stagehand.api.spi.Store;
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
import dev.stagehand.core.internal.engine.DeclaredValues;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.core.internal.manifest.UiChecks;
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
import dev.stagehand.core.options.StopSignal;
import dev.stagehand.core.options.ZipLimits;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.PlanDigest;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.JournalReport;
import dev.stagehand.core.result.DriftReport;
import dev.stagehand.core.internal.undo.Drifts;
import dev.stagehand.core.internal.undo.FileUndoStore;
import dev.stagehand.core.internal.undo.FileUndos;
import dev.stagehand.core.internal.undo.UndoPlans;
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

    /** {@return a new configuration, to load a {@link Stagehand} from} */
    public static Configuration configure() {
        return new Configuration();
    }

    /**
     * The indexed package sources (indexed once, on first use).
     *
     * @return the index of every package
     * @throws IOException when a source folder cannot be walked
     * @throws DeploymentException when no source is configured
     */
    public synchronized PackageSource source() throws IOException {
        if (source == null) {
            if (configuration.source == null && configuration.sources.isEmpty()) {
                throw new DeploymentException("no package sources are configured", Location.UNKNOWN);
            }
            if (configuration.source != null) {
                source = configuration.source;
            } else {
                // A plan touches nothing: where nothing was deployed yet, it leaves no state folder
                // behind for its index; from the first install on (or in a cache folder of the
                // embedder's choosing) the index is kept and the next plan reads no manifest again.
                Path cache = configuration.cacheDirectory != null || Files.isDirectory(configuration.stateDirectory)
                        ? configuration.cacheDirectory() : null;
                source = cache == null ? PackageSource.index(configuration.sources, configuration.zipLimits)
                        : PackageSource.index(configuration.sources, configuration.zipLimits, cache);
            }
        }
        return source;
    }

    /**
     * {@return the journal: the configured one, else the one kept on the target when
     * {@link Configuration#journalOnTarget()}, else the file journal of the state folder}
     */
    public DeploymentJournal journal() {
        if (configuration.journal != null) {
            return configuration.journal;
        }
        if (configuration.journalOnTarget) {
            return FileDeploymentJournal.onTarget(journalTarget());
        }
        return FileDeploymentJournal.open(configuration.stateDirectory);
    }

    /** The one target that keeps the journal ({@link Configuration#journalOnTarget()}). */
    private DeploymentTarget journalTarget() {
        try {
            List<DeploymentTarget> all = targets();
            if (all.size() != 1) {
                throw new DeploymentException("a journal kept on the target needs exactly one target, not "
                        + all.size(), Location.UNKNOWN);
            }
            return all.get(0);
        } catch (IOException e) {
            throw new JournalException("the target cannot be opened for its journal: " + e.getMessage(),
                    Location.UNKNOWN, e);
        }
    }

    /** {@return the plugins found on the configured class loader} */
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
     * @param root the root package and its version or range
     * @return the plan
     * @throws IOException when a package or the journal cannot be read
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
        refuseUiProblems(resolution, given);
        DeploymentPlan plan = PlanBuilder.build(resolution, new PlanBuilder.Inputs(variables, registry(),
                        targets().get(0), root.version(), packages.folders()),
                planned -> PlanDigests.of(planned, given, variables::isSecret, journal));
        refuseDeclaredOversizedZips(plan);
        return new Planned(plan, variables);
    }

    /**
     * Refuses a plan whose wizard repeats a wizard step or group id across its packages, or whose
     * parameters change a read-only variable.
     */
    private static void refuseUiProblems(Planner.Resolution resolution, Map<String, String> given) {
        List<dev.stagehand.api.model.UiDescriptor> uis = resolution.selections().values().stream()
                .map(s -> s.top().manifest().ui()).toList();
        List<Problem> problems = new ArrayList<>(UiChecks.duplicateIds(uis));
        problems.addAll(UiChecks.readOnly(uis, name -> valueOf(given, name)));
        if (!problems.isEmpty()) {
            throw new ResolutionException(problems);
        }
    }

    /** A value by name, ignoring case as variables do. */
    private static Optional<String> valueOf(Map<String, String> values, String name) {
        return values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
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
     * is left to the plan, which knows all of them. A {@code readOnly} variable of its UI metadata
     * given another value than its default is refused too.
     *
     * @param manifest the package's manifest
     * @return the refusals, each located at its step (a read-only variable's at its declaration); empty when none
     * @throws IOException when a package file cannot be read
     */
    public List<Problem> check(PackageManifest manifest) throws IOException {
        VariableSet variables = VariableSet.ofDeployment(overrides(), configuration.parameters, List.of(manifest),
                "(validate)", secrets());
        PackageVariables packageVariables = new PackageVariables(variables, variables.packageBuiltIns(manifest),
                manifest.location().withPackage(manifest.id(), manifest.version()), registry());
        List<Problem> problems = new ArrayList<>(UiChecks.readOnly(List.of(manifest.ui()),
                name -> valueOf(userValues(), name)));
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
     * The validation API behind the setup wizard and the terminal prompts: checks one wizard step
     * or group of {@code root}'s wizard with the values entered so far. Its variables (nested
     * groups' included) must have their required values and fit their types; when they do, the
     * Validate checks of the steps that use them run (a database's connection, a folder's
     * writability, a port's syntax) in a dry run that changes nothing and sends no events; the
     * dry run plans as a clean install, so that the steps of packages installed already are
     * checked too.
     *
     * @param root                the root whose wizard it is
     * @param values              the values entered, over the configured parameters
     * @param wizardStepOrGroupId the id of a wizard step or a group (ignoring case)
     * @return the problems, each located at its variable's declaration or at its step; empty when none
     * @throws DeploymentException naming the root when no wizard step or group has that id
     * @throws IOException when a package or the state cannot be read
     * @throws InterruptedException when interrupted during the dry run
     */
    public List<Problem> validate(RootRequest root, Map<String, String> values, String wizardStepOrGroupId)
            throws IOException, InterruptedException {
        List<PackageManifest> manifests = wizardManifests(root);
        List<VariableDeclaration> scope = UiChecks.variablesOf(manifests.stream().map(PackageManifest::ui).toList(),
                wizardStepOrGroupId).orElseThrow(() -> new DeploymentException("no wizard step or group of "
                + root.id() + " has the id '" + wizardStepOrGroupId + "'", Location.ofPackage(root.id(), null)));
        Map<String, String> given = new LinkedHashMap<>(userValues());
        given.putAll(values);
        List<Problem> problems = new ArrayList<>();
        for (VariableDeclaration d : scope) {
            DeclaredValues.problem(d, valueOf(given, d.name()).orElse(d.defaultValue())).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Configuration dry = configuration.copy();
        dry.listeners.clear();
        dry.source = source();
        // As a clean install: every step that uses the values is checked, installed or not.
        dry.journal = new dev.stagehand.core.journal.InMemoryDeploymentJournal();
        values.forEach(dry::set);
        try (Stagehand stagehand = new Stagehand(dry)) {
            DeploymentResult result = stagehand.install(root, InstallOptions.DEFAULTS.withDryRun(true));
            result.problems().stream().filter(p -> usesAny(p.location(), manifests, scope)).forEach(problems::add);
        } catch (DeploymentException e) {
            problems.addAll(e.problems());
        }
        return problems;
    }

    /**
     * Whether {@code value} satisfies its declaration ({@code isRequired}, {@code valueType}), as
     * Validate and {@link #validate} check it, without running anything: what a wizard checks
     * before Next on a step that does not require validation.
     *
     * @param declaration the variable's declaration
     * @param value       the value entered; null or empty when none
     * @return the problem with it, empty when it is fine
     */
    public static Optional<Problem> checkValue(VariableDeclaration declaration, String value) {
        return DeclaredValues.problem(declaration, value);
    }

    /**
     * The manifests whose UI metadata make up {@code root}'s wizard (the root and every package it
     * pulls in, the newest version of each), in plan order.
     *
     * @param root the root
     * @return the manifests
     * @throws IOException when the package sources cannot be read
     */
    public List<PackageManifest> wizardManifests(RootRequest root) throws IOException {
        return new Planner(source().index(), journal(), registry()).resolve(root.id(), root.version()).selections()
                .values().stream().map(s -> s.top().manifest()).toList();
    }

    /** Whether the step at {@code where} names one of the variables, or the composite one they are parts of. */
    private static boolean usesAny(Location where, List<PackageManifest> manifests, List<VariableDeclaration> scope) {
        if (where.packageId() == null || where.stepIndex() <= 0) {
            return false;
        }
        return manifests.stream().filter(m -> m.id().equalsIgnoreCase(where.packageId()))
                .flatMap(m -> m.steps().stream()).filter(step -> step.index() == where.stepIndex())
                .flatMap(step -> step.attributes().asMap().values().stream())
                .flatMap(value -> VariableReferences.in(value).stream())
                .anyMatch(used -> scope.stream().anyMatch(d -> d.name().equalsIgnoreCase(used)
                        || d.name().toLowerCase(java.util.Locale.ROOT).startsWith(
                        used.toLowerCase(java.util.Locale.ROOT) + ".")));
    }

    /**
     * Deploys {@code root}: plans, then runs every planned step through the seven stages.
     * Problems found before anything changes (validation) and step failures are in the result,
     * not thrown; what is thrown is a plan that cannot be made or a state folder that is locked.
     *
     * @param root the root package and its version or range
     * @param options how to run
     * @return what happened
     * @throws IOException when a package, the journal or the state folder cannot be read or written
     * @throws InterruptedException when the thread is interrupted (waiting for the lock, say)
     */
    public DeploymentResult install(RootRequest root, InstallOptions options) throws IOException, InterruptedException {
        return install(root, null, options);
    }

    /**
     * Runs a plan made earlier (and shown to someone who approved it) exactly: refused, with what
     * changed, when the manifests, the parameters or what is installed no longer give its digest.
     *
     * @param plan the plan as approved
     * @param options how to run
     * @return what happened
     * @throws IOException when a package, the journal or the state folder cannot be read or written
     * @throws InterruptedException when the thread is interrupted (waiting for the lock, say)
     */
    public DeploymentResult install(DeploymentPlan plan, InstallOptions options) throws IOException, InterruptedException {
        return install(new RootRequest(plan.rootId(), plan.rootVersion()), plan.digest(), options);
    }

    /**
     * Runs a saved plan ({@code deploy plan --out}) exactly, as {@link #install(DeploymentPlan, InstallOptions)}.
     *
     * @param plan the saved plan
     * @param options how to run
     * @return what happened
     * @throws IOException when a package, the journal or the state folder cannot be read or written
     * @throws InterruptedException when the thread is interrupted (waiting for the lock, say)
     */
    public DeploymentResult install(SavedPlan plan, InstallOptions options) throws IOException, InterruptedException {
        return install(new RootRequest(plan.root(), plan.rootVersion()), plan.digest(), options);
    }

    private DeploymentResult install(RootRequest root, PlanDigest approved, InstallOptions options)
            throws IOException, InterruptedException {
        return run(options, (journal, deploymentId) -> {
            Planned planned = plan(root, journal, deploymentId);
            if (approved != null) {
                refuseChanged(planned.plan(), approved);
            }
            refuseOversizedZips(planned.plan());
            return new Undoable(planned.plan(), planned.variables(), null);
        });
    }

    /**
     * Removes packages: each runs its registered uninstall scripts, then has the files its
     * deployments wrote put back as they were before it (removed, or their earlier content), a
     * file changed since kept and reported, through the seven stages; dependents before what they
     * need. Refused, changing nothing, while a package another installed one needs would go.
     * The package sources, when configured, give the uninstall scripts.
     *
     * @param request what to uninstall
     * @param options how to run (lock wait, on-error, dry run)
     * @return what ran, as an install's result
     * @throws IOException when the journal, a target or the sources cannot be read or written
     * @throws InterruptedException when interrupted while waiting for the lock or a step
     */
    public DeploymentResult uninstall(UninstallRequest request, InstallOptions options)
            throws IOException, InterruptedException {
        return run(options, (journal, deploymentId) -> undoable(new UndoPlans(journal, this::sourcePackage,
                workRoot().resolve("no-content")).uninstall(request.packages(), request.withDependencies()),
                deploymentId, "uninstall " + String.join(", ", request.packages())));
    }

    /**
     * Returns files to their state before a deployment ({@code deploymentId}, or null for the last
     * one that installed something), undoing it and every later one, and the journal to the
     * versions installed before. Refused in Validate, changing nothing, when a step of those
     * deployments cannot be undone, unless {@code force}: then what can be undone is, and the rest
     * is reported.
     *
     * @param deploymentId the journal's id of the first deployment to undo, null for the last
     * @param force        whether to undo what can be and report the rest instead of refusing
     * @param options      how to run (lock wait, on-error, dry run)
     * @return what ran, as an install's result
     * @throws IOException when the journal, a target or the sources cannot be read or written
     * @throws InterruptedException when interrupted while waiting for the lock or a step
     */
    public DeploymentResult rollback(String deploymentId, boolean force, InstallOptions options)
            throws IOException, InterruptedException {
        return run(options, (journal, id) -> undoable(new UndoPlans(journal, this::sourcePackage,
                workRoot().resolve("no-content")).rollback(deploymentId, force), id, "rollback to before "
                + (deploymentId == null ? "the last deployment" : deploymentId)));
    }

    /**
     * Compares the targets with what the journal recorded: files changed or missing, and files
     * added in folders the deployments created; by size and modification time, and with
     * {@code deep} by content.
     *
     * @param deep whether to compare content (reads every file) rather than size and time
     * @return every difference found
     * @throws IOException when the journal or a target cannot be read
     */
    public DriftReport verify(boolean deep) throws IOException {
        DeploymentJournal journal = journal();
        Map<String, List<dev.stagehand.api.journal.StepRecord>> records = new LinkedHashMap<>();
        for (dev.stagehand.api.journal.InstalledPackage p : journal.installedPackages()) {
            records.put(p.packageId(), journal.recordedChanges(p.packageId()).stream()
                    .filter(r -> r.version().equals(p.version())).toList());
        }
        return Drifts.find(records, targets(), deep);
    }

    private Optional<dev.stagehand.core.plan.LoadedPackage> sourcePackage(String id, String version) {
        if (configuration.source == null && configuration.sources.isEmpty()) {
            return Optional.empty();
        }
        try {
            return source().load(id, version);
        } catch (IOException e) {
            throw new DeploymentException("the package sources cannot be read: " + e.getMessage(), Location.UNKNOWN,
                    e);
        }
    }

    private Undoable undoable(UndoPlans.Planned planned, String deploymentId, String label) {
        List<PackageManifest> manifests = planned.plan().packages().stream().map(PlannedPackage::manifest).toList();
        VariableSet variables = VariableSet.ofDeployment(overrides(), configuration.parameters, manifests,
                deploymentId, secrets());
        return new Undoable(planned.plan(), variables, new PipelineEngine.Undoing(planned.restored(), label));
    }

    /** A plan to run, its variables, and what it undoes (null for an install). */
    private record Undoable(DeploymentPlan plan, VariableSet variables, PipelineEngine.Undoing undoing) {
    }

    /** Makes the plan of a run once the lock is held. */
    private interface Planning {
        Undoable plan(DeploymentJournal journal, String deploymentId) throws IOException;
    }

    private DeploymentResult run(InstallOptions options, Planning planning) throws IOException, InterruptedException {
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
            Undoable planned = planning.plan(journal, deploymentId);
            DeploymentResult result = new Run(deploymentId, started, planned.plan(), planned.variables(), journal,
                    lock, options, planned.undoing()).execute();
            if (!options.dryRun() && result.outcome() == DeploymentOutcome.SUCCEEDED) {
                pruneUndoStore(journal);
            }
            return result;
        } finally {
            lock.close();
            if (!stateExisted) {
                removeIfEmpty(configuration.stateDirectory);
            }
        }
    }

    /**
     * Removes the undo copies that no kept change record refers to: no rollback or uninstall can
     * use them any more, and they may hold secrets.
     */
    private void pruneUndoStore(DeploymentJournal journal) {
        try {
            FileUndoStore store = FileUndoStore.of(configuration.stateDirectory);
            if (!Files.isDirectory(store.folder())) {
                // Nothing kept, nothing to prune: the change records of every installed package
                // (thousands of lines after a run of SQL patches) need not be read.
                return;
            }
            Set<String> referenced = new java.util.HashSet<>();
            for (dev.stagehand.api.journal.InstalledPackage p : journal.installedPackages()) {
                referenced.addAll(FileUndos.referenced(journal.recordedChanges(p.packageId())));
            }
            store.prune(referenced);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Stagehand.class).warn("could not prune the undo store: {}",
                    e.toString());
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
     * Inflates the compressed entries of every zipped package to deploy once, writing nothing,
     * before the deployment is opened: a zip past its limits (whatever its headers say) or with a
     * compressed entry not matching its CRC-32 is refused before anything, the journal included,
     * is changed. Stored entries are not read here: their declared sizes bound them (checked when
     * planning) and their CRC-32 is checked when a step unpacks them; an upgrade whose entries are
     * unchanged then reads no entry's data at all.
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
        // A journal on the target is locked without being read: the run reads it once the lock is held.
        Optional<JournalLock> own = configuration.journal == null && configuration.journalOnTarget
                ? FileDeploymentJournal.lockOnTarget(journalTarget(), request) : journal().lock(request);
        if (own.isPresent()) {
            return new Held(own.get(), true);
        }
        try {
            return new Held(StateLock.acquire(configuration.stateDirectory, request), false);
        } catch (IOException e) {
            throw new JournalException("the state folder cannot be used: " + e, Location.ofFile(
                    PackageReader.displayName(configuration.stateDirectory)), e);
        }
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
        private final PipelineEngine.Undoing undoing;

        Run(String id, Instant started, DeploymentPlan plan, VariableSet variables, DeploymentJournal journal,
            JournalLock lock, InstallOptions options, PipelineEngine.Undoing undoing) {
            this.undoing = undoing;
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
                journal.deploymentStarted(new DeploymentRecord(id, label(), user, started, null,
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
                Path cache = StateFolders.create(configuration.cacheDirectory());
                result = new PipelineEngine(new PipelineEngine.Run(id, plan, variables, registry(), targets(), journal,
                        events, configuration.stateDirectory, work, cache, options, configuration.clock, lock,
                        configuration.zipLimits, undoing, configuration.stop, configuration.group)).execute();
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
                journal.deploymentFinished(new DeploymentRecord(id, label(), user, started,
                        configuration.clock.instant(), outcome, variables.mask(summary)));
            }
        }

        /** The root for the journal: {@code id@version}, or what an undoing run undoes. */
        private String label() {
            return undoing == null ? plan.root() : undoing.label();
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

    /** {@return what the state folder's journal says is installed, and the last deployments} */
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
     * @param plan the plan
     * @param parametersFile the parameters file the plan was made with, read again when it runs; null for none
     * @return the saved form, to {@link SavedPlan#write}
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
        private Path cacheDirectory;
        private DeploymentJournal journal;
        private boolean journalOnTarget;
        private StopSignal stop = new StopSignal();
        private Store group;
        private final List<DeploymentListener> listeners = new ArrayList<>();
        private final List<DeploymentTarget> targets = new ArrayList<>();
        private final List<String> targetSpecs = new ArrayList<>();
        private final Map<String, String> forcedHandlers = new LinkedHashMap<>();
        private ClassLoader classLoader = Stagehand.class.getClassLoader();
        private Clock clock = Clock.systemUTC();
        private ZipLimits zipLimits = ZipLimits.DEFAULTS;

        private Configuration() {
        }

        /** A copy to change without changing this one (the validation API's dry runs). */
        private Configuration copy() {
            Configuration copy = new Configuration();
            copy.sources.addAll(sources);
            copy.source = source;
            copy.parameters.putAll(parameters);
            copy.overrides.putAll(overrides);
            copy.environment = environment;
            copy.secrets.addAll(secrets);
            copy.stateDirectory = stateDirectory;
            copy.cacheDirectory = cacheDirectory;
            copy.journal = journal;
            copy.listeners.addAll(listeners);
            copy.targets.addAll(targets);
            copy.targetSpecs.addAll(targetSpecs);
            copy.forcedHandlers.putAll(forcedHandlers);
            copy.classLoader = classLoader;
            copy.clock = clock;
            copy.zipLimits = zipLimits;
            return copy;
        }

        /**
         * Package source folders, searched in this order.
         *
         * @param folders the folders
         * @return this configuration
         */
        public Configuration sources(Path... folders) {
            sources.addAll(List.of(folders));
            return this;
        }

        /**
         * Package source folders, searched in this order.
         *
         * @param folders the folders
         * @return this configuration
         */
        public Configuration sources(List<Path> folders) {
            sources.addAll(folders);
            return this;
        }

        /**
         * An index built already (instead of folders).
         *
         * @param index the index
         * @return this configuration
         */
        public Configuration source(PackageSource index) {
            this.source = Objects.requireNonNull(index);
            return this;
        }

        /**
         * Variable values (parameters.json); they win over UI defaults.
         *
         * @param values name to value
         * @return this configuration
         */
        public Configuration parameters(Map<String, String> values) {
            parameters.putAll(values);
            return this;
        }

        /**
         * A variable value that wins over parameters and environment variables ({@code --set NAME=VALUE}).
         *
         * @param name the variable's name
         * @param value its value
         * @return this configuration
         */
        public Configuration set(String name, String value) {
            overrides.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * The environment whose {@code DEPLOY_VAR_<NAME>} variables give values (the name upper-cased,
         * dots as {@code _}), over the parameters and under {@link #set}; the process's by default.
         *
         * @param variables the environment, name to value
         * @return this configuration
         */
        public Configuration environment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
            return this;
        }

        /**
         * Names of variables whose values must never be shown, besides Password variables.
         *
         * @param names the variables' names, matched ignoring case
         * @return this configuration
         */
        public Configuration secrets(Set<String> names) {
            secrets.addAll(names);
            return this;
        }

        /**
         * The state folder holding the journal and the lock (default {@code .deploy}).
         *
         * @param folder the state folder
         * @return this configuration
         */
        public Configuration stateDirectory(Path folder) {
            this.stateDirectory = Objects.requireNonNull(folder);
            return this;
        }

        /**
         * The cache folder (default {@code cache} in the state folder): what only saves time and
         * is safe to lose, such as the persistent index of the package sources and the
         * fingerprints of deployed files. Embedders that keep the state elsewhere (a JDBC journal)
         * may point it at a local folder of their own. The default one is written only once the
         * state folder exists, so that a plan where nothing was deployed leaves nothing behind; a
         * folder set here is created by the first plan.
         *
         * @param folder the cache folder
         * @return this configuration
         */
        public Configuration cacheDirectory(Path folder) {
            this.cacheDirectory = Objects.requireNonNull(folder);
            return this;
        }

        private Path cacheDirectory() {
            return cacheDirectory != null ? cacheDirectory : stateDirectory.resolve("cache");
        }

        /**
         * A journal other than the state folder's file journal (JDBC, in memory).
         *
         * @param journal the journal
         * @return this configuration
         */
        public Configuration journal(DeploymentJournal journal) {
            this.journal = Objects.requireNonNull(journal);
            return this;
        }

        /**
         * Keeps the journal and its lock on the target (there must be one), in {@code .deploy/} of
         * its base folder, written through the target's own file operations: each machine tells
         * what is installed on it, and two deployers on two machines never deploy to it at once.
         * The target is locked when it can create files exclusively; otherwise the state folder is.
         *
         * @return this configuration
         */
        public Configuration journalOnTarget() {
            this.journalOnTarget = true;
            return this;
        }

        /**
         * The signal asked before each step of an install, uninstall or rollback: once it is raised, no
         * new step starts (those running finish, Cleanup runs) and the steps not started report its
         * reason. For groups of targets with {@code --on-error abort}; by default a signal of its own,
         * never raised.
         *
         * @param value the signal to ask
         * @return this configuration
         */
        public Configuration stopWhen(StopSignal value) {
            this.stop = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The store of {@link Store.Scope#GROUP} that this instance's deployments share with those
         * run beside them ({@link dev.stagehand.core.targets.GroupDeployment} gives every target's the
         * same one), so that work that does not depend on the target, such as hashing a package's
         * files, is done once for all. Its values are closed by whoever made the store, when the
         * group ends. By default each deployment has a group store of its own, closed with it.
         *
         * @param value the group's store, safe to use from several threads
         * @return this configuration
         */
        public Configuration groupStore(Store value) {
            this.group = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Receives every event of every deployment (progress, problems), secrets masked.
         *
         * @param listener the listener
         * @return this configuration
         */
        public Configuration listener(DeploymentListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /**
         * A machine to deploy onto (default: {@code local:}, this one, relative paths from the
         * working folder). Given several times, every step runs on each target in turn, all
         * targets of a step before the next step, stage by stage.
         *
         * @param value the target
         * @return this configuration
         */
        public Configuration target(DeploymentTarget value) {
            targets.add(Objects.requireNonNull(value));
            return this;
        }

        /**
         * A machine to deploy onto by URI, opened through the {@link dev.stagehand.api.target.TargetProvider}
         * of its scheme: {@code local:/srv/app}, a plain path (a local folder), {@code ssh://...}
         * when the SSH module is loaded.
         *
         * @param uri the target's URI, or a local path
         * @return this configuration
         */
        public Configuration target(String uri) {
            // Once is enough: a saved plan's target and the same target named again are one target.
            if (!targetSpecs.contains(Objects.requireNonNull(uri))) {
                targetSpecs.add(uri);
            }
            return this;
        }

        /**
         * What a saved plan was approved with: its source folders, its state folder and its targets
         * when it pinned them. The parameters are not in it; give them again (its
         * {@link SavedPlan#parametersFile()}, {@link #set}).
         *
         * @param saved the saved plan
         * @return this configuration
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

        /**
         * Forces the handler (class name, simple or full) that serves a step type, package type or script handler name.
         *
         * @param name the step type, package type or script handler name
         * @param handlerClass the handler's class name, simple or full
         * @return this configuration
         */
        public Configuration forceHandler(String name, String handlerClass) {
            forcedHandlers.put(name, handlerClass);
            return this;
        }

        /**
         * Where plugins are looked up with ServiceLoader (default: the class loader of Stagehand).
         *
         * @param loader the class loader
         * @return this configuration
         */
        public Configuration classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader);
            return this;
        }

        /**
         * What a zipped package may hold (entries, uncompressed bytes, compression ratio), checked
         * while it is read, when indexing and when unpacking; {@link ZipLimits#DEFAULTS} otherwise.
         *
         * @param value the limits
         * @return this configuration
         */
        public Configuration zipLimits(ZipLimits value) {
            this.zipLimits = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The clock of journal times and lock heartbeats (tests).
         *
         * @param value the clock
         * @return this configuration
         */
        public Configuration clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** {@return the configured instance; plan and install need package sources, status does not} */
        public Stagehand load() {
            return new Stagehand(this);
        }
    }
}
