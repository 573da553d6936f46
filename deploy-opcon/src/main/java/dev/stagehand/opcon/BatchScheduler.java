package dev.stagehand.opcon;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.core.Parameters;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.SavedPlan;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.PlannedPackage;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.targets.GroupDeployment;
import dev.stagehand.core.targets.SavedGroupPlan;
import dev.stagehand.opcon.client.OpConClient;
import dev.stagehand.opcon.client.OpConCredentials;
import dev.stagehand.opcon.client.OpConException;
import dev.stagehand.opcon.database.DeploymentDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch deployment, as the seed describes it: a deployment planned and approved now, run by OpCon at a later
 * date and time. {@link #schedule} plans and saves the deployment, records it, and adds the job
 * {@code DEPLOY_PACKAGE} or {@code DEPLOY_SCHEDULE} to the daily {@value #SCHEDULE} of that date;
 * {@link #runScheduled} is what that job runs; {@link #cancel} withdraws one before it runs.
 *
 * <p>The job's start time travels as its instance property {@value #START_TIME} (ISO-8601 with the offset, in
 * the server's zone), beside {@value #DEPLOYMENT_ID}: no public material says how the REST API sets the start
 * time of an added daily job, so the client does not change the job; the template's jobs read the property.
 */
public final class BatchScheduler {

    /** The OpCon schedule that holds the deployment jobs. */
    public static final String SCHEDULE = "BATCH_DEPLOY";
    /** The frequency the template's jobs have, named when a job is added. */
    public static final String FREQUENCY = "OnRequest";
    public static final String DEPLOYMENT_ID = "DEPLOYMENT_ID";
    public static final String START_TIME = "START_TIME";

    private static final Logger LOG = LoggerFactory.getLogger(BatchScheduler.class);
    /** The spec's form: 7 fractional digits and the offset, {@code +00:00} rather than {@code Z}. */
    private static final DateTimeFormatter OPCON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSxxx");

    private final DeploymentDatabase database;
    private final Map<String, String> environment;
    private final Clock clock;
    private final OpConClient.Polling polling;

    /**
     * @param environment where the trust store password variable of a server definition is read
     */
    public BatchScheduler(DeploymentDatabase database, Map<String, String> environment, Clock clock,
                          OpConClient.Polling polling) {
        this.database = database;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.polling = polling;
    }

    /**
     * What to schedule.
     *
     * @param server         the BatchScheduleServer definition's name
     * @param at             when to deploy, with its zone or offset
     * @param root           the root package
     * @param parametersFile the parameters file, referenced by the record and read again when it runs; or null
     * @param buildMissing   build the date's {@value #SCHEDULE} when it is not in the daily (else refuse)
     */
    public record ScheduleRequest(String server, ZonedDateTime at, RootRequest root, Path parametersFile,
                                  boolean buildMissing) {
    }

    /**
     * Schedules a deployment: refuses a time not in the future and an unknown server, plans with
     * {@code stagehand} (a deployment that cannot be planned is refused before OpCon is called), records it,
     * adds OpCon's job and marks the record {@code Scheduled}.
     *
     * @throws SchedulingException naming the cause; the record, when made, is {@code Failed} with it
     */
    public ScheduledDeployment schedule(ScheduleRequest request, Stagehand stagehand, OpConCredentials credentials)
            throws IOException {
        Instant now = clock.instant();
        if (!request.at().toInstant().isAfter(now)) {
            throw new SchedulingException("the deployment time " + request.at() + " is not in the future (it is now "
                    + now.atZone(request.at().getZone()) + ")", null, null);
        }
        DeploymentPlan plan;
        SavedPlan saved;
        try {
            plan = stagehand.plan(request.root());
            saved = stagehand.save(plan, request.parametersFile());
        } catch (DeploymentException e) {
            throw new SchedulingException("no plan for " + request.root() + ", so nothing was scheduled: "
                    + e.getMessage(), null, e);
        }
        if (plan.nothingToDo()) {
            throw new SchedulingException("nothing to schedule: " + plan.root() + " and everything it needs are"
                    + " installed already", null, null);
        }
        return schedule(request, plan, saved.targets().isEmpty() ? "local:" : String.join("\n", saved.targets()),
                json(saved::write), saved.parameters(), credentials);
    }

    /**
     * Schedules the deployment of a group of targets ({@link GroupDeployment}): as {@link #schedule}, with
     * one plan per target, each from its own journal, saved together ({@link SavedGroupPlan}); the record's
     * {@code target} lists the targets, one per line ({@code name uri}), and {@link #runScheduled} deploys to
     * each of them. Refused when a target cannot be planned, or when no target has anything to do.
     *
     * @param request     what to schedule
     * @param group       the group's deployment, its targets from {@code targetsFile}
     * @param targetsFile the targets file, read again when it runs
     * @param selection   the target or group name
     * @param credentials who calls OpCon
     * @return the record, {@code Scheduled}
     * @throws IOException when the plan cannot be saved
     * @throws InterruptedException when interrupted while the targets are planned
     * @throws SchedulingException naming the cause; the record, when made, is {@code Failed} with it
     */
    public ScheduledDeployment schedule(ScheduleRequest request, GroupDeployment group, Path targetsFile,
                                        String selection, OpConCredentials credentials)
            throws IOException, InterruptedException {
        Instant now = clock.instant();
        if (!request.at().toInstant().isAfter(now)) {
            throw new SchedulingException("the deployment time " + request.at() + " is not in the future (it is now "
                    + now.atZone(request.at().getZone()) + ")", null, null);
        }
        List<GroupDeployment.TargetPlan> plans = group.plan(request.root(), request.parametersFile());
        for (GroupDeployment.TargetPlan p : plans) {
            if (!p.planned()) {
                throw new SchedulingException("no plan for " + request.root() + " on target " + p.target().name()
                        + ", so nothing was scheduled: " + p.problem().getMessage(), null, p.problem());
            }
        }
        Optional<GroupDeployment.TargetPlan> working = plans.stream().filter(p -> !p.plan().nothingToDo())
                .findFirst();
        if (working.isEmpty()) {
            throw new SchedulingException("nothing to schedule: " + plans.get(0).plan().root() + " and everything it"
                    + " needs are installed already on every target", null, null);
        }
        SavedGroupPlan saved = SavedGroupPlan.of(targetsFile, selection, plans);
        String targets = String.join("\n", plans.stream().map(p -> p.target().name() + " " + p.saved().targets()
                .get(0)).toList());
        return schedule(request, working.get().plan(), targets, json(saved::write),
                plans.get(0).saved().parameters(), credentials);
    }

    private ScheduledDeployment schedule(ScheduleRequest request, DeploymentPlan plan, String targets,
                                         String savedJson, String parametersFile, OpConCredentials credentials)
            throws IOException {
        BatchScheduleServer server = server(request.server());
        DeploymentKind kind = kind(plan);
        ZonedDateTime serverTime = request.at().withZoneSameInstant(server.timeZone());
        LocalDate date = serverTime.toLocalDate();
        List<ScheduledDeployment> sameDay = new ArrayList<>();
        for (DeploymentStatus status : List.of(DeploymentStatus.SCHEDULED, DeploymentStatus.DEPLOYING)) {
            sameDay.addAll(database.onDay(server.name(), date, kind.jobName(), status));
        }
        if (!sameDay.isEmpty()) {
            ScheduledDeployment other = sameDay.get(0);
            throw new SchedulingException("OpCon cannot hold two " + kind.jobName() + " jobs in " + SCHEDULE + " of "
                    + date + ": deployment " + other.id() + " (" + other.coordinates() + ") is " + other.status()
                    + " then; " + (other.status() == DeploymentStatus.SCHEDULED ? "cancel it (deploy cancel --id "
                    + other.id() + ") or " : "") + "choose another day", null, null);
        }
        ScheduledDeployment record = database.insert(new DeploymentDatabase.NewDeployment(plan.root(), kind,
                plan.rootId(), plan.rootVersion(), targets, savedJson, parametersFile, request.at(),
                requestedBy(credentials),
                server.name(), date, kind.jobName()));
        try (OpConClient opcon = new OpConClient(server, environment, polling)) {
            opcon.checkVersion();
            opcon.login(credentials);
            OpConClient.DailySchedule daily = daily(opcon, date, request.buildMissing());
            OpConClient.ActionResult action = opcon.addJob(daily.id(), kind.jobName(), FREQUENCY,
                    OpConClient.properties(DEPLOYMENT_ID, String.valueOf(record.id()), START_TIME,
                            OPCON_TIME.format(serverTime)),
                    "Stagehand deployment " + record.id() + ": " + plan.root() + " at " + serverTime);
            database.recordOpCon(record.id(), daily.id(), action.id());
            String message = kind.jobName() + " added to " + SCHEDULE + " of " + date + " on " + server.name()
                    + " (schedule action " + action.id() + ")";
            if (!database.transition(record.id(), DeploymentStatus.SCHEDULING, DeploymentStatus.SCHEDULED, message)) {
                throw new SchedulingException("deployment " + record.id() + " changed while it was being scheduled;"
                        + " OpCon holds its job: cancel it there", reread(record), null);
            }
            LOG.info("deployment {} scheduled: {}", record.id(), message);
            return reread(record);
        } catch (DeploymentException e) {
            database.transition(record.id(), DeploymentStatus.SCHEDULING, DeploymentStatus.FAILED, e.getMessage());
            throw new SchedulingException(e.getMessage(), reread(record), e);
        } catch (RuntimeException e) {
            database.transition(record.id(), DeploymentStatus.SCHEDULING, DeploymentStatus.FAILED, String.valueOf(e));
            throw e;
        }
    }

    private ScheduledDeployment reread(ScheduledDeployment record) {
        return database.find(record.id()).orElse(record);
    }

    private BatchScheduleServer server(String name) {
        return database.server(name).orElseThrow(() -> new SchedulingException("no BatchScheduleServer named "
                + name + " in the deployment database " + database.settings().url() + ": define it with deploy server"
                + " set --name " + name + " --address HOST", null, null));
    }

    /** The date's {@value #SCHEDULE} in OpCon's daily, built first when it is missing and that is asked for. */
    private static OpConClient.DailySchedule daily(OpConClient opcon, LocalDate date, boolean buildMissing) {
        List<OpConClient.DailySchedule> found = opcon.dailySchedules(SCHEDULE, date);
        if (found.isEmpty()) {
            if (!buildMissing) {
                throw new OpConException(SCHEDULE + " is not in OpCon's daily for " + date + ": build it (deploy"
                        + " schedule --build-missing, or set its auto build days in OpCon) and schedule again", 200);
            }
            LOG.info("{} is not in the daily for {}; building it", SCHEDULE, date);
            opcon.buildSchedule(SCHEDULE, date);
            found = opcon.dailySchedules(SCHEDULE, date);
            if (found.isEmpty()) {
                throw new OpConException("OpCon built " + SCHEDULE + " for " + date + " but its daily does not list it",
                        200);
            }
        }
        return found.get(0);
    }

    /**
     * A schedule when the root does nothing but pull a system in through DeployPackage steps; a package (with
     * its dependencies) otherwise.
     */
    static DeploymentKind kind(DeploymentPlan plan) {
        Optional<PlannedPackage> root = plan.packages().stream().filter(p -> p.id().equalsIgnoreCase(plan.rootId())
                && p.version().equals(plan.rootVersion())).findFirst();
        boolean aggregates = root.map(p -> !p.manifest().steps().isEmpty() && p.manifest().steps().stream()
                .allMatch(s -> s.type().equalsIgnoreCase("DeployPackage"))).orElse(false);
        return aggregates ? DeploymentKind.SCHEDULE : DeploymentKind.PACKAGE;
    }

    private String requestedBy(OpConCredentials credentials) {
        if (credentials instanceof OpConCredentials.User user) {
            return user.loginName();
        }
        String local = environment.getOrDefault("USER", environment.getOrDefault("USERNAME",
                System.getProperty("user.name")));
        return local + " (application token)";
    }

    /** How a saved form writes itself to a file. */
    private interface Writer {
        void write(Path file) throws IOException;
    }

    private static String json(Writer saved) throws IOException {
        Path file = Files.createTempFile("stagehand-plan-", ".json");
        try {
            saved.write(file);
            return Files.readString(file, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** How a saved form is read from a file. */
    private interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private static <T> T plan(ScheduledDeployment record, Reader<T> reader) throws IOException {
        Path file = Files.createTempFile("stagehand-plan-", ".json");
        try {
            Files.writeString(file, record.savedPlan(), StandardCharsets.UTF_8);
            return reader.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean isGroup(ScheduledDeployment record) throws IOException {
        return plan(record, SavedGroupPlan::isGroupPlan);
    }

    /**
     * What {@link #runScheduled} did.
     *
     * @param record the record as it is now
     * @param result the deployment's result; null when it did not run, and for a group
     * @param group  every target's outcome, for a deployment of a group; null otherwise or when it did not run
     */
    public record RunResult(ScheduledDeployment record, DeploymentResult result, GroupDeployment.Result group) {
        public boolean succeeded() {
            return record.status() == DeploymentStatus.DEPLOYED;
        }
    }

    /**
     * Runs scheduled deployment {@code id}, what OpCon's job does at its time: refused unless it is
     * {@code Scheduled}; {@code Deploying} while it runs the saved plan (its variable values read again from
     * {@code parametersFile}, else the plan's parameters file, and {@code DEPLOY_VAR_*}); then {@code Deployed},
     * or {@code Failed} with the reason, a saved plan whose inputs changed since it was approved included.
     *
     * @param open   the configured instance for a saved plan ({@code base.from(plan)} and the values)
     * @param replan plan again instead of refusing a plan whose inputs changed
     * @throws DeploymentException when the record is not there or not {@code Scheduled} (nothing is changed)
     */
    public RunResult runScheduled(long id, Function<SavedPlan, Stagehand> open, InstallOptions options,
                                  boolean replan) throws IOException, InterruptedException {
        return runScheduled(id, open, null, options, replan);
    }

    /**
     * Runs scheduled deployment {@code id}, as {@link #runScheduled(long, Function, InstallOptions, boolean)},
     * a deployment of a group ({@link #schedule(ScheduleRequest, GroupDeployment, Path, String,
     * OpConCredentials)}) included: each target runs its own saved plan, {@code --on-error abort} across
     * the targets; {@code Deployed} when every target succeeded.
     *
     * @param open      the configured instance for a saved plan of one target
     * @param openGroup the group's deployment for a saved plan of a group; null refuses such a record
     * @param options   how each deployment runs
     * @param replan    plan again instead of refusing a plan whose inputs changed
     * @return the record as it is now, and what ran
     * @throws IOException when the record's plan cannot be read
     * @throws InterruptedException when interrupted while it deploys
     * @throws DeploymentException when the record is not there or not {@code Scheduled} (nothing is changed)
     */
    public RunResult runScheduled(long id, Function<SavedPlan, Stagehand> open,
                                  Function<SavedGroupPlan, GroupDeployment> openGroup, InstallOptions options,
                                  boolean replan) throws IOException, InterruptedException {
        ScheduledDeployment record = find(id);
        if (record.status() != DeploymentStatus.SCHEDULED) {
            throw new DeploymentException("deployment " + id + " is " + record.status() + ", not Scheduled: nothing"
                    + " was run", Location.UNKNOWN);
        }
        if (isGroup(record) && openGroup == null) {
            throw new DeploymentException("deployment " + id + " deploys to a group of targets, which this caller"
                    + " cannot run: nothing was run", Location.UNKNOWN);
        }
        if (!database.transition(id, DeploymentStatus.SCHEDULED, DeploymentStatus.DEPLOYING,
                "deploying " + record.coordinates())) {
            throw new DeploymentException("deployment " + id + " was started or changed by someone else just now:"
                    + " nothing was run", Location.UNKNOWN);
        }
        DeploymentResult result = null;
        GroupDeployment.Result group = null;
        String message;
        DeploymentStatus outcome;
        try {
            if (isGroup(record)) {
                SavedGroupPlan saved = plan(record, SavedGroupPlan::read);
                GroupDeployment deployment = openGroup.apply(saved);
                group = replan ? deployment.install(new RootRequest(saved.plans().get(0).plan().root(),
                        saved.plans().get(0).plan().rootVersion()), options, GroupDeployment.OnTargetError.ABORT)
                        : deployment.install(saved, options, GroupDeployment.OnTargetError.ABORT);
                outcome = group.succeeded() ? DeploymentStatus.DEPLOYED : DeploymentStatus.FAILED;
                message = summary(group);
            } else {
                SavedPlan saved = plan(record, SavedPlan::read);
                try (Stagehand stagehand = open.apply(saved)) {
                    if (replan) {
                        DeploymentPlan fresh = stagehand.plan(new RootRequest(saved.root(), saved.rootVersion()));
                        result = stagehand.install(fresh, options);
                    } else {
                        result = stagehand.install(saved, options);
                    }
                }
                outcome = result.succeeded() ? DeploymentStatus.DEPLOYED : DeploymentStatus.FAILED;
                message = result.summary();
            }
        } catch (DeploymentException | IOException e) {
            LOG.debug("deployment {} failed", id, e);
            outcome = DeploymentStatus.FAILED;
            message = e.getMessage();
        } catch (RuntimeException | InterruptedException e) {
            database.transition(id, DeploymentStatus.DEPLOYING, DeploymentStatus.FAILED, String.valueOf(e));
            throw e;
        }
        database.transition(id, DeploymentStatus.DEPLOYING, outcome, message);
        return new RunResult(find(id), result, group);
    }

    /** A group's outcome in a line: each target's, the first failure's reason with it. */
    private static String summary(GroupDeployment.Result group) {
        List<String> parts = new ArrayList<>();
        for (GroupDeployment.TargetOutcome t : group.targets()) {
            String how = t.succeeded() ? "succeeded" : t.notStarted() != null ? "not run (" + t.notStarted()
                    .getMessage() + ")" : group.validationFailed() ? "validation failed" : "failed ("
                    + t.result().summary() + ")";
            parts.add(t.target().name() + ": " + how);
        }
        return (group.validationFailed() ? "validation failed on a target, nothing was changed on any; " : "")
                + String.join("; ", parts);
    }

    /**
     * The configuration of a saved plan's run: {@code base} with the plan's sources, state folder and targets,
     * and the values of {@code parametersFile}, else of the plan's parameters file while it is there.
     */
    public static Stagehand.Configuration configuration(Stagehand.Configuration base, SavedPlan saved,
                                                        Path parametersFile) {
        Path parameters = parametersFile != null ? parametersFile : saved.parametersFile().orElse(null);
        if (parameters != null) {
            try {
                base.parameters(Parameters.read(parameters));
            } catch (IOException e) {
                throw new DeploymentException("the parameters file cannot be read: " + e.getMessage(),
                        Location.ofFile(parameters.toString()), e);
            }
        }
        return base.from(saved);
    }

    /** What {@link #cancel} did: the record, and what it could not do. */
    public record CancelResult(ScheduledDeployment record, List<String> notes) {
    }

    /**
     * Cancels scheduled deployment {@code id}: the record is {@code Cancelled} (a job that runs it later deploys
     * nothing), and with {@code credentials} OpCon is asked to skip its daily job; what could not be done is in
     * the notes.
     *
     * @param credentials null to leave OpCon alone
     * @throws DeploymentException when the record is not there or not {@code Scheduled}
     */
    public CancelResult cancel(long id, OpConCredentials credentials) {
        ScheduledDeployment record = find(id);
        if (record.status() != DeploymentStatus.SCHEDULED
                || !database.transition(id, DeploymentStatus.SCHEDULED, DeploymentStatus.CANCELLED, "cancelled")) {
            throw new DeploymentException("deployment " + id + " is " + find(id).status() + ", not Scheduled: only a"
                    + " scheduled deployment can be cancelled", Location.UNKNOWN);
        }
        List<String> notes = new ArrayList<>();
        String message = "cancelled";
        if (credentials == null) {
            notes.add("OpCon was not asked to skip " + record.jobName() + " (no --user or --token-env): when it runs,"
                    + " it finds the deployment Cancelled and deploys nothing");
        } else if (record.dailyScheduleId() == null) {
            notes.add("the record has no OpCon daily schedule to skip its job in");
        } else {
            try (OpConClient opcon = new OpConClient(server(record.serverName()), environment, polling)) {
                opcon.login(credentials);
                Optional<OpConClient.DailyJob> job = opcon.dailyJobs(record.dailyScheduleId()).stream()
                        .filter(j -> record.jobName().equalsIgnoreCase(j.name())
                                && !"Skipped".equalsIgnoreCase(j.statusCategory())).findFirst();
                if (job.isEmpty()) {
                    notes.add("OpCon's daily " + SCHEDULE + " of " + record.scheduleDate() + " has no waiting "
                            + record.jobName() + " to skip");
                } else {
                    opcon.skipJob(job.get().id(), "Stagehand deployment " + id + " cancelled");
                    message = "cancelled; OpCon skips " + job.get().id();
                }
            } catch (DeploymentException e) {
                notes.add("OpCon could not skip " + record.jobName() + ": " + e.getMessage() + "; when it runs, it"
                        + " finds the deployment Cancelled and deploys nothing");
            }
        }
        database.transition(id, DeploymentStatus.CANCELLED, DeploymentStatus.CANCELLED, message);
        return new CancelResult(find(id), notes);
    }

    private ScheduledDeployment find(long id) {
        return database.find(id).orElseThrow(() -> new DeploymentException("no deployment " + id + " in the"
                + " deployment database " + database.settings().url(), Location.UNKNOWN));
    }
}
