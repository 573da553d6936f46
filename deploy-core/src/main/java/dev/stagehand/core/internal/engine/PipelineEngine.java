package dev.stagehand.core.internal.engine;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.Dependency;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.api.spi.PackageContent;
import dev.stagehand.api.spi.PackageTypeContext;
import dev.stagehand.api.spi.PackageTypeHandler;
import dev.stagehand.api.spi.ProblemReporter;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.packages.ZipPackage;
import dev.stagehand.core.internal.variables.VariableSet;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.result.InstallOptions;
import dev.stagehand.core.result.OnError;
import dev.stagehand.core.result.PackageOutcome;
import dev.stagehand.core.result.Status;
import dev.stagehand.core.result.StepOutcome;
import dev.stagehand.core.target.FlushableTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan through the seven stages in lockstep: a stage runs for every step of every
 * package, in plan order, before the next stage starts. Initialize, Acquire and Validate change
 * nothing; any problem they find stops the deployment before Prepare. A failure in Prepare,
 * Execute or Complete stops everything (abort) or only the failed package and those that depend
 * on it (continue). Cleanup always runs. Every step that finishes a changing stage is written
 * to the journal at once, so a re-run resumes where this one stopped.
 */
public final class PipelineEngine {


    /** Everything one run needs. */
    public record Run(String deploymentId, DeploymentPlan plan, VariableSet variables, HandlerRegistry handlers,
                      List<DeploymentTarget> targets, DeploymentJournal journal, DeploymentListener listener, Path workRoot,
                      Path cacheRoot, InstallOptions options, Clock clock, StateLock lock) {
    }

    /** What the run did. */
    public record Outcome(List<PackageOutcome> packages, List<Problem> problems, boolean validationFailed) {
    }

    private final Run run;
    /** Masks secrets, as every logger a deployment uses does: a failure's message may hold one. */
    private final Logger log;
    private final DeploymentListener events;
    private final List<Problem> problems = new ArrayList<>();
    private final List<PackageRun> packages = new ArrayList<>();
    private boolean stopped;

    public PipelineEngine(Run run) {
        this.run = run;
        this.events = new MaskingListener(List.of(run.listener()), run.variables()::mask);
        this.log = new MaskingLogger(LoggerFactory.getLogger(PipelineEngine.class), run.variables()::mask);
    }

    /** One package version being deployed. */
    private final class PackageRun {
        final PlannedPackage planned;
        /** Package.Id, Package.Version, Package.TargetDirectory of this package. */
        final Map<String, String> builtIns;
        final List<StepRun> steps = new ArrayList<>();
        final Variables variables;
        PackageContent content;
        Status status = Status.SUCCEEDED;
        String reason = "";

        PackageRun(PlannedPackage planned) {
            this.planned = planned;
            PackageManifest m = planned.manifest();
            this.builtIns = run.variables().packageBuiltIns(m);
            this.variables = new EngineVariables(run.variables(), builtIns, m.location().withPackage(m.id(), m.version()));
        }

        boolean active() {
            return status == Status.SUCCEEDED;
        }

        Location location() {
            return planned.manifest().location().withPackage(planned.id(), planned.version());
        }
    }

    /** One step being run on one target. */
    private static final class StepRun {
        final StepDescriptor step;
        final StepHandler handler;
        final DeploymentTarget target;
        final java.util.Set<PipelineStage> stages;
        DefaultStepContext context;
        Status status = Status.SUCCEEDED;
        PipelineStage stage;
        PipelineStage completedThrough;
        boolean resumed;
        String message = "";

        StepRun(StepDescriptor step, StepHandler handler, DeploymentTarget target) {
            this.step = step;
            this.handler = handler;
            this.target = target;
            this.stages = handler == null ? java.util.EnumSet.noneOf(PipelineStage.class) : StageSupport.stages(handler);
        }

        /** Whether the handler does anything in {@code stage} (and the step can run at all). */
        boolean runsIn(PipelineStage stage) {
            return context != null && stages.contains(stage);
        }
    }

    public Outcome execute() {
        List<PlannedPackage> toDeploy = run.plan().toDeploy();
        for (PlannedPackage planned : toDeploy) {
            packages.add(new PackageRun(planned));
        }
        emit(new DeploymentEvent.PlanReady(run.clock().instant(), run.deploymentId(), run.plan().rootId() + "@"
                + run.plan().rootVersion(), run.plan().mode().name().toLowerCase(Locale.ROOT), toDeploy.size(),
                toDeploy.stream().mapToInt(p -> p.steps().size()).sum(), run.plan().notice()));
        run.plan().warnings().forEach(this::report);
        boolean validationFailed = false;
        try {
            for (PipelineStage stage : PipelineStage.values()) {
                if (stage == PipelineStage.CLEANUP) {
                    break;
                }
                runStage(stage);
                if (stage == PipelineStage.COMPLETE && !run.options().dryRun()) {
                    // Installed once the whole of Complete passed for the package, its type's
                    // afterLast included; until then a re-run resumes it.
                    for (PackageRun p : packages) {
                        if (p.active()) {
                            run.journal().packageInstalled(new InstalledPackage(p.planned.id(), p.planned.version(),
                                    run.clock().instant(), run.deploymentId()));
                        }
                    }
                }
                if (stage == PipelineStage.VALIDATE && (hasErrors() || run.options().dryRun())) {
                    // Nothing is changed unless Validate passed for every step.
                    validationFailed = hasErrors();
                    break;
                }
                if (stopped) {
                    break;
                }
            }
        } finally {
            runStage(PipelineStage.CLEANUP);
            removeWorkFolder();
        }
        if (validationFailed || run.options().dryRun()) {
            String reason = validationFailed ? "validation failed; nothing was changed" : "dry run";
            for (PackageRun p : packages) {
                p.status = Status.NOT_RUN;
                p.reason = reason;
            }
        }
        return new Outcome(outcomes(), List.copyOf(problems), validationFailed);
    }

    private boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    private void runStage(PipelineStage stage) {
        if (stage == PipelineStage.INITIALIZE) {
            initialize();
        }
        // Steps without a handler run in no stage; they are reported problems, not progress.
        emit(new DeploymentEvent.StageStarted(run.clock().instant(), run.deploymentId(), stage, packages.stream()
                .filter(p -> p.active() || stage == PipelineStage.CLEANUP)
                .mapToInt(p -> (int) p.steps.stream().filter(st -> st.runsIn(stage)).count()).sum()));
        if (stage == PipelineStage.ACQUIRE) {
            acquire();
        } else if (stage == PipelineStage.VALIDATE) {
            validateVariables();
        }
        Map<String, int[]> typeSpan = typeSpans();
        boolean succeeded = true;
        boolean cleanup = stage == PipelineStage.CLEANUP;
        for (int i = 0; i < packages.size() && (!stopped || cleanup); i++) {
            PackageRun p = packages.get(i);
            String type = typeKey(p);
            int[] span = typeSpan.get(type);
            if (span != null && span[0] == i) {
                typeHandler(stage, p, true);
            }
            if (p.active() || stage == PipelineStage.CLEANUP) {
                succeeded &= runPackage(stage, p);
            }
            if (span != null && span[1] == i && (!stopped || cleanup)) {
                typeHandler(stage, p, false);
            }
        }
        emit(new DeploymentEvent.StageFinished(run.clock().instant(), run.deploymentId(), stage,
                succeeded && !stopped));
    }

    /** The first and last index of each package type in plan order, for PackageTypeHandlers. */
    private Map<String, int[]> typeSpans() {
        Map<String, int[]> spans = new LinkedHashMap<>();
        for (int i = 0; i < packages.size(); i++) {
            String type = typeKey(packages.get(i));
            if (type != null && run.handlers().typeHandler(type).isPresent()) {
                int index = i;
                spans.computeIfAbsent(type, t -> new int[] {index, index})[1] = i;
            }
        }
        return spans;
    }

    private static String typeKey(PackageRun p) {
        return p.planned.type() == null ? null : p.planned.type().toLowerCase(Locale.ROOT);
    }

    private boolean runPackage(PipelineStage stage, PackageRun p) {
        emit(new DeploymentEvent.PackageStarted(run.clock().instant(), run.deploymentId(), stage, p.planned.id(),
                p.planned.version()));
        boolean ok = true;
        for (StepRun s : p.steps) {
            if (stage != PipelineStage.CLEANUP && (stopped || !p.active())) {
                break;
            }
            if (!s.runsIn(stage)) {
                if (s.handler != null && s.context != null && stage != PipelineStage.CLEANUP) {
                    s.completedThrough = stage;
                }
                continue;
            }
            Location where = s.context.location();
            if (stage.changesTarget() && run.journal().isStepCompleted(p.planned.id(), p.planned.version(),
                    s.step.index(), stage, s.target.name()) && !rerun(s)) {
                emit(new DeploymentEvent.StepSkipped(run.clock().instant(), run.deploymentId(), stage, where,
                        "completed by an earlier run"));
                s.completedThrough = stage;
                s.resumed = true;
                continue;
            }
            if (stage != PipelineStage.CLEANUP && run.lock().lost()) {
                // Another deployment holds the state now: nothing more may change; Cleanup still runs.
                report(Problem.error("the state lock was taken over by another deployment after this one stalled;"
                        + " stopping", where));
                packageFailed(p, "stopped: the state lock was taken over by another deployment", true);
                break;
            }
            s.context.enter(stage);
            emit(new DeploymentEvent.StepStarted(run.clock().instant(), run.deploymentId(), stage, where));
            try {
                s.handler.run(stage, s.context);
                if (stage.changesTarget() && !run.options().dryRun()) {
                    // The journal may only claim the step once what it wrote would survive a crash.
                    if (s.context.target() instanceof FlushableTarget flushable) {
                        flushable.flush();
                    }
                    run.journal().stepCompleted(new StepRecord(p.planned.id(), p.planned.version(), s.step.index(),
                            s.step.type(), stage, s.target.name(), run.clock().instant(), run.deploymentId(),
                            s.context.takeChanges()));
                }
                if (stage != PipelineStage.CLEANUP) {
                    s.completedThrough = stage;
                }
                emit(new DeploymentEvent.StepSucceeded(run.clock().instant(), run.deploymentId(), stage, where, ""));
            } catch (Exception | LinkageError | StackOverflowError e) {
                ok = false;
                stepFailed(stage, p, s, e);
            }
        }
        emit(new DeploymentEvent.PackageFinished(run.clock().instant(), run.deploymentId(), stage, p.planned.id(),
                p.planned.version(), ok));
        return ok;
    }

    private boolean rerun(StepRun s) {
        try {
            return s.handler.rerunOnResume(s.context);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void stepFailed(PipelineStage stage, PackageRun p, StepRun s, Throwable e) {
        String message = (run.targets().size() > 1 ? "on " + s.target.name() + ": " : "") + message(e);
        Location where = s.context.location();
        log.debug("step {} failed in {}", where, stage, e);
        emit(new DeploymentEvent.StepFailed(run.clock().instant(), run.deploymentId(), stage, where, message));
        if (!stage.changesTarget() && stage != PipelineStage.CLEANUP) {
            // Before Prepare nothing has changed: a failure is one more problem of the report.
            report(Problem.error(message, where));
            return;
        }
        if (stage == PipelineStage.CLEANUP) {
            report(Problem.warning("cleanup failed: " + message, where));
            return;
        }
        s.status = Status.FAILED;
        s.stage = stage;
        s.message = message;
        report(Problem.error(message, where));
        packageFailed(p, "step " + s.step.index() + " " + s.step.type() + " failed in " + stage + ": " + message,
                run.options().onError() == OnError.ABORT);
    }

    /** A package failed in a changing stage: stop everything (abort) or only what depends on it (continue). */
    private void packageFailed(PackageRun p, String reason, boolean abort) {
        p.status = Status.FAILED;
        p.reason = reason;
        if (abort) {
            stopped = true;
            for (PackageRun other : packages) {
                if (other != p && other.active()) {
                    other.status = Status.SKIPPED;
                    other.reason = "not run: the deployment stopped after " + p.planned.coordinates() + " failed";
                }
            }
        } else {
            skipDependents(p);
        }
    }

    /** With continue: later versions of the failed package and everything depending on it are skipped. */
    private void skipDependents(PackageRun failed) {
        Set<String> down = new HashSet<>();
        down.add(failed.planned.id().toLowerCase(Locale.ROOT));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (PackageRun other : packages) {
                if (other == failed || !other.active()) {
                    continue;
                }
                String id = other.planned.id().toLowerCase(Locale.ROOT);
                boolean affected = down.contains(id) || other.planned.manifest().dependencies().stream()
                        .map(Dependency::id).anyMatch(d -> down.contains(d.toLowerCase(Locale.ROOT)))
                        || other.planned.manifest().steps("DeployPackage").stream()
                        .map(st -> st.attribute("packageId").orElse("").toLowerCase(Locale.ROOT)).anyMatch(down::contains);
                if (affected) {
                    other.status = Status.SKIPPED;
                    other.reason = "skipped: it depends on " + failed.planned.coordinates() + ", which failed";
                    grew |= down.add(id);
                }
            }
        }
    }

    private String message(Throwable e) {
        if (e instanceof LinkageError || e instanceof StackOverflowError) {
            return run.variables().mask(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String text = e instanceof DeploymentException d ? d.reason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return run.variables().mask(text);
    }

    /**
     * Finds each step's handler and builds its context; an unknown step type is a problem
     * reported with the others before Prepare.
     */
    private void initialize() {
        for (PackageRun p : packages) {
            PackageManifest m = p.planned.manifest();
            Path work = workFolder(p);
            Path root = isZip(p) ? work.resolve("content") : p.planned.origin();
            p.content = new DefaultPackageContent(root, work.resolve("changed"));
            for (StepDescriptor step : m.steps()) {
                StepHandler handler = run.handlers().stepHandler(step.type()).orElse(null);
                Location where = step.location().withPackage(m.id(), m.version());
                if (handler == null) {
                    report(Problem.error("no handler for step type '" + step.type() + "'; known types: "
                            + String.join(", ", run.handlers().knownStepTypes()), where));
                    p.steps.add(new StepRun(step, null, run.targets().get(0)));
                    continue;
                }
                Attributes expanded = step.attributes().mapValues(value -> run.variables().expand(value,
                        p.builtIns, name -> "$(" + name + ")"));
                Logger stepLog = new MaskingLogger(LoggerFactory.getLogger("dev.stagehand.step." + step.type()),
                        run.variables()::mask);
                Consumer<Problem> sink = this::report;
                // Every step runs once per target, all targets of a step before the next step.
                for (DeploymentTarget target : run.targets()) {
                    StepRun s = new StepRun(step, handler, target);
                    String folder = run.targets().size() == 1 ? String.valueOf(step.index())
                            : step.index() + "-" + safe(target.name());
                    s.context = new DefaultStepContext(step, m, where, expanded, p.content, p.variables, target,
                            p.planned.mode(), stepLog, events, work.resolve("steps").resolve(folder), run.cacheRoot(),
                            run.handlers(), run.deploymentId(), run.options().dryRun(), sink);
                    p.steps.add(s);
                }
            }
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private Path workFolder(PackageRun p) {
        return run.workRoot().resolve("packages").resolve(p.planned.id() + "@" + p.planned.version());
    }

    private static boolean isZip(PackageRun p) {
        return java.nio.file.Files.isRegularFile(p.planned.origin());
    }

    /** Unpacks zipped packages into the work folder, before the handlers acquire what they need. */
    private void acquire() {
        for (PackageRun p : packages) {
            if (!isZip(p)) {
                continue;
            }
            try (ZipPackage zip = ZipPackage.open(p.planned.origin(), p.planned.origin().toString())) {
                zip.extractTo(workFolder(p).resolve("content"));
            } catch (IOException | RuntimeException e) {
                report(Problem.error("cannot unpack the package: " + message(e), p.location()));
            }
        }
    }

    /**
     * Before the handlers' own checks: every variable a step uses is set, every declared value
     * fits its type, required variables have values.
     */
    private void validateVariables() {
        for (PackageRun p : packages) {
            for (StepRun s : p.steps) {
                for (Map.Entry<String, String> attribute : s.step.attributes().asMap().entrySet()) {
                    for (String name : VariableSet.referencedNames(attribute.getValue())) {
                        if (p.variables.get(name).isEmpty()) {
                            report(Problem.error("variable $(" + name + ") used in attribute " + attribute.getKey()
                                    + " is not set", s.step.location().withPackage(p.planned.id(), p.planned.version())));
                        }
                    }
                }
            }
            PackageManifest m = p.planned.manifest();
            if (m.targetDirectory() != null) {
                for (String name : VariableSet.referencedNames(m.targetDirectory())) {
                    if (p.variables.get(name).isEmpty()) {
                        report(Problem.error("variable $(" + name + ") used in targetDirectory is not set",
                                p.location()));
                    }
                }
            }
            run.handlers().typeHandler(m.type()).ifPresent(h -> h.requiredVariables().stream()
                    .filter(v -> p.variables.get(v).isEmpty())
                    .forEach(v -> report(Problem.error("variable " + v + " is required by packages of type "
                            + m.type(), p.location()))));
        }
        Set<String> seen = new HashSet<>();
        for (PackageRun p : packages) {
            for (VariableDeclaration d : p.planned.manifest().ui().variables()) {
                if (!seen.add(d.name().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                String value = run.variables().get(d.name()).orElse(null);
                String label = d.label() == null || d.label().equals(d.name()) ? "" : " (" + d.label() + ")";
                if (value == null || value.isEmpty()) {
                    if (d.required()) {
                        report(Problem.error("variable " + d.name() + label + " is required and has no value",
                                d.location()));
                    }
                    continue;
                }
                ValueTypes.problem(d, value).ifPresent(why -> report(Problem.error("variable " + d.name() + label
                        + " " + (d.isSecret() ? "(value hidden)" : "'" + value + "'") + " " + why, d.location())));
            }
        }
    }

    private void typeHandler(PipelineStage stage, PackageRun first, boolean before) {
        PackageTypeHandler handler = run.handlers().typeHandler(first.planned.type()).orElse(null);
        if (handler == null) {
            return;
        }
        String type = first.planned.type();
        List<dev.stagehand.api.model.PackageManifest> ofType = packages.stream()
                .filter(p -> type.equalsIgnoreCase(p.planned.type())).map(p -> p.planned.manifest()).toList();
        Location where = Location.ofPackage(first.planned.id(), first.planned.version());
        PackageTypeContext context = new PackageTypeContext() {
            @Override
            public PipelineStage stage() {
                return stage;
            }

            @Override
            public String packageType() {
                return type;
            }

            @Override
            public List<PackageManifest> packages() {
                return ofType;
            }

            @Override
            public Variables variables() {
                return first.variables;
            }

            @Override
            public List<DeploymentTarget> targets() {
                return run.targets();
            }

            @Override
            public Logger log() {
                return new MaskingLogger(LoggerFactory.getLogger("dev.stagehand.type." + type), run.variables()::mask);
            }

            @Override
            public DeploymentListener listener() {
                return events;
            }

            @Override
            public ProblemReporter problems() {
                return new SinkProblemReporter(where, PipelineEngine.this::report);
            }
        };
        try {
            if (before) {
                handler.beforeFirst(stage, context);
            } else {
                handler.afterLast(stage, context);
            }
        } catch (Exception | LinkageError | StackOverflowError e) {
            String message = "package type handler for " + type + " failed " + (before ? "before the first" : "after the last")
                    + " package in " + stage + ": " + message(e);
            if (stage.changesTarget()) {
                report(Problem.error(message, where));
                boolean abort = run.options().onError() == OnError.ABORT;
                for (PackageRun p : List.copyOf(packages)) {
                    if (type.equalsIgnoreCase(p.planned.type()) && p.active()) {
                        packageFailed(p, message, abort);
                    }
                }
            } else {
                report(stage == PipelineStage.CLEANUP ? Problem.warning(message, where) : Problem.error(message, where));
            }
        }
    }

    private void report(Problem problem) {
        Problem masked = new Problem(problem.severity(), run.variables().mask(problem.message()), problem.location());
        problems.add(masked);
        emit(new DeploymentEvent.ProblemReported(run.clock().instant(), run.deploymentId(), masked));
    }

    private void emit(DeploymentEvent event) {
        try {
            events.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("a deployment listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
        }
    }

    private void removeWorkFolder() {
        try {
            if (java.nio.file.Files.exists(run.workRoot())) {
                PathUtils.deleteDirectory(run.workRoot());
            }
        } catch (IOException e) {
            report(Problem.warning("could not remove the work folder " + run.workRoot() + ": " + e.getMessage(),
                    Location.UNKNOWN));
        }
    }

    private List<PackageOutcome> outcomes() {
        List<PackageOutcome> result = new ArrayList<>();
        Map<String, PackageRun> byCoordinates = new LinkedHashMap<>();
        packages.forEach(p -> byCoordinates.put(p.planned.coordinates(), p));
        for (PlannedPackage planned : run.plan().packages()) {
            PackageRun p = byCoordinates.get(planned.coordinates());
            if (p == null) {
                result.add(new PackageOutcome(planned.id(), planned.version(), Status.UP_TO_DATE, "", List.of()));
                continue;
            }
            List<StepOutcome> steps = new ArrayList<>();
            Map<Integer, List<StepRun>> byStep = new LinkedHashMap<>();
            p.steps.forEach(s -> byStep.computeIfAbsent(s.step.index(), i -> new ArrayList<>()).add(s));
            for (List<StepRun> runs : byStep.values()) {
                // A step is as far as its least advanced target; a failure on any target is its failure.
                StepRun s = runs.stream().filter(r -> r.status == Status.FAILED).findFirst()
                        .orElseGet(() -> runs.stream().min(java.util.Comparator.comparing(r -> r.completedThrough == null
                                ? -1 : r.completedThrough.ordinal())).orElseThrow());
                Status status = s.status;
                String message = s.resumed ? "resumed: completed stages of an earlier run were not redone" : s.message;
                PipelineStage stage = s.stage;
                boolean finished = s.completedThrough != null
                        && s.completedThrough.compareTo(PipelineStage.COMPLETE) >= 0;
                if (status == Status.SUCCEEDED && (p.status != Status.SUCCEEDED || !finished)) {
                    status = p.status == Status.NOT_RUN ? Status.NOT_RUN : Status.SKIPPED;
                    stage = s.completedThrough;
                    message = (s.completedThrough == null || !s.completedThrough.changesTarget() ? "not run"
                            : "ran through " + s.completedThrough) + "; " + p.reason;
                }
                steps.add(new StepOutcome(s.step.index(), s.step.type(), status, stage, message));
            }
            result.add(new PackageOutcome(planned.id(), planned.version(), p.status, p.reason, steps));
        }
        return result;
    }
}
