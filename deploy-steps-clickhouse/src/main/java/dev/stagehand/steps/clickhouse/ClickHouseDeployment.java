package dev.stagehand.steps.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.io.TextEncoding;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Store;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.steps.clickhouse.script.ClickHouseScriptSplitter;
import dev.stagehand.steps.clickhouse.script.ClickHouseStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs package scripts on one database of the ClickHouse server, as RunClickHouseSql and the
 * ClickHouse script handler do: the database named by {@code targetDatabase}, an optional
 * condition script, an optional patch id recorded in the database's {@code T_DatabasePatches},
 * tokens replaced on request. Validate checks the same request before anything changes.
 */
final class ClickHouseDeployment {

    /** What {@code targetDatabase} writes for the system's name. */
    static final String SYSTEM_NAME = "$SYSTEM_NAME";
    /** The variable that gives it. */
    static final String SYSTEM_NAME_VARIABLE = "Product.SystemName";

    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern MENTIONS_PATCH_TABLE = Pattern.compile("(?i)\\b" + PatchTable.TABLE + "\\b");

    /**
     * What to run.
     *
     * @param targetDatabase the expanded {@code targetDatabase}, as written ({@code $SYSTEM_NAME}ODS)
     * @param scripts        the package paths of the scripts, in order
     * @param conditionPath  the condition script, null when none
     * @param patchId        null to run every time
     * @param description    the patch's description, null when none
     * @param replaceTokens  expand {@code $(...)} in the scripts and the condition first
     */
    record Request(String targetDatabase, List<String> scripts, String conditionPath, String patchId,
                   String description, boolean replaceTokens) {
    }

    /** A script's text, read once per step. */
    private record Read(String path) {
    }

    /** Whether the server answered and took the credentials, asked once per deployment and server. */
    private record ServerCheck(String server) {
    }

    /** Whether a database exists, asked once per deployment in Validate. */
    private record DatabaseCheck(String server, String database) {
    }

    private ClickHouseDeployment() {
    }

    /** The attribute (or request part) value, empty when absent or blank. */
    static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * The database {@code targetDatabase} names: {@code $SYSTEM_NAME}, {@code $SYSTEM_NAME}CDM,
     * {@code $SYSTEM_NAME}ODS or {@code $SYSTEM_NAME}DWH with {@code Product.SystemName} put in, or
     * a literal name.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static String database(Variables variables, String targetDatabase) {
        if (targetDatabase == null || targetDatabase.isBlank()) {
            throw new IllegalArgumentException("targetDatabase is not set: name the ClickHouse database ("
                    + SYSTEM_NAME + ", " + SYSTEM_NAME + "CDM, " + SYSTEM_NAME + "ODS, " + SYSTEM_NAME + "DWH or a name)");
        }
        String written = targetDatabase.trim();
        String name = written;
        if (name.toUpperCase(Locale.ROOT).contains(SYSTEM_NAME)) {
            String system = variables.get(SYSTEM_NAME_VARIABLE).map(String::trim).filter(v -> !v.isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException("targetDatabase " + written + " uses the system's"
                            + " name, but the variable " + SYSTEM_NAME_VARIABLE + " is not set"));
            name = name.replaceAll("(?i)" + Pattern.quote(SYSTEM_NAME), java.util.regex.Matcher.quoteReplacement(system));
        }
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("targetDatabase " + targetDatabase.trim() + " gives '" + name
                    + "', which is not a ClickHouse database name (letters, digits and _, not starting with a digit)");
        }
        return name;
    }

    /** The name a planned change gives a database: {@code ClickHouse/MESODS}. */
    static String plannedName(String database) {
        return ClickHouseClient.LOGICAL_NAME + "/" + database;
    }

    /**
     * What a step will change: its database (created when {@code creates}) and, with a patch id,
     * the patch. The system's name is put in when known; otherwise the name is shown as written.
     */
    static List<PlannedChange> plannedChanges(Attributes attributes, Variables variables, boolean creates) {
        Optional<String> target = nonBlank(attributes.get("targetDatabase"));
        if (target.isEmpty()) {
            return List.of();
        }
        String database;
        try {
            database = database(variables, target.get());
        } catch (IllegalArgumentException e) {
            database = target.get();
        }
        List<PlannedChange> changes = new ArrayList<>();
        String name = plannedName(database);
        changes.add(creates ? PlannedChange.createsOrChanges(ChangeKind.DATABASE, name)
                : PlannedChange.changes(ChangeKind.DATABASE, name));
        nonBlank(attributes.get("patchId")).ifPresent(patch ->
                changes.add(PlannedChange.creates(ChangeKind.PATCH, name + "/" + patch)));
        return changes;
    }

    /**
     * Checks a request before anything changes: the database name, the condition script, the
     * tokens, the connection variables, that the server answers and takes the credentials, and that
     * the database exists or an earlier step (or this one, {@code createsDatabase}) creates it.
     */
    static void validate(StepContext context, Request request, boolean createsDatabase) throws Exception {
        String database;
        try {
            database = database(context.variables(), request.targetDatabase());
        } catch (IllegalArgumentException e) {
            context.problems().error(e.getMessage());
            database = null;
        }
        if (request.conditionPath() != null) {
            checkCondition(context, request.conditionPath());
        }
        if (request.replaceTokens()) {
            List<String> files = new ArrayList<>(request.scripts());
            if (request.conditionPath() != null && context.content().exists(request.conditionPath())) {
                files.add(request.conditionPath());
            }
            for (String file : files) {
                for (String name : context.variables().undefinedIn(text(context, file))) {
                    context.problems().error("variable $(" + name + ") used in " + file + " is not set"
                            + " (replaceTokens is on)");
                }
            }
        }
        ClickHouseClient client;
        try {
            DatabaseConnection connection = ClickHouseClient.connection(context);
            client = ClickHouseClient.of(context, connection);
        } catch (DeploymentException e) {
            context.problems().error(e.reason());
            return;
        }
        if (!serverAnswers(context, client) || database == null) {
            return;
        }
        if (!createsDatabase && !databaseExists(context, client, database)
                && context.plannedBefore(ChangeKind.DATABASE, plannedName(database)).filter(PlannedChange::mayCreate)
                .isEmpty()) {
            context.problems().error("targetDatabase " + request.targetDatabase().trim() + ": the database "
                    + database + " does not exist on " + client.describe() + " and no earlier step of the plan"
                    + " creates it");
        }
    }

    private static void checkCondition(StepContext context, String conditionPath) throws Exception {
        boolean exists;
        try {
            exists = context.content().exists(conditionPath);
        } catch (IllegalArgumentException e) {
            context.problems().error("conditionPath: " + e.getMessage());
            return;
        }
        if (!exists) {
            context.problems().error("conditionPath " + conditionPath + " is not a file of the package");
            return;
        }
        int statements = ClickHouseScriptSplitter.split(text(context, conditionPath)).size();
        if (statements != 1) {
            context.problems().error("conditionPath " + conditionPath + " must hold one query, whose first row's"
                    + " first column is 1 or true to run the scripts; it holds " + statements + " statements");
        }
    }

    /** Once per deployment and server: the first step to find it silent, or refusing its credentials, reports it. */
    private static boolean serverAnswers(StepContext context, ClickHouseClient client) throws Exception {
        Store store = context.store(Store.Scope.DEPLOYMENT);
        ServerCheck key = new ServerCheck(client.describe());
        Optional<Boolean> known = store.get(key, Boolean.class);
        if (known.isPresent()) {
            return known.get();
        }
        boolean answers = false;
        try {
            client.execute(null, "SELECT 1");
            answers = true;
        } catch (ClickHouseException e) {
            String said = context.variables().mask(e.serverMessage());
            context.problems().error(e.authentication()
                    ? client.describe() + " refused the credentials (check " + ClickHouseClient.PREFIX + ".User and "
                    + ClickHouseClient.PREFIX + ".Password): " + said
                    : client.describe() + " refused a first query: " + said);
        } catch (IOException e) {
            context.problems().error(client.describe() + " does not answer: " + context.variables().mask(
                    String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
        store.put(key, answers);
        return answers;
    }

    private static boolean databaseExists(StepContext context, ClickHouseClient client, String database)
            throws Exception {
        return context.store(Store.Scope.DEPLOYMENT).getOrCompute(new DatabaseCheck(client.describe(), database),
                Boolean.class, () -> client.rows(null, "SELECT count() FROM system.databases WHERE name = "
                        + ClickHouseClient.literal(database)).path(0).path(0).asLong(0) > 0);
    }

    /** Creates the step's database when missing (RunClickHouseSql's {@code createDatabase}). */
    static void createDatabase(StepContext context, String targetDatabase) throws Exception {
        String database = resolved(context, targetDatabase);
        ClickHouseClient client = ClickHouseClient.of(context, ClickHouseClient.connection(context));
        try {
            client.execute(null, "CREATE DATABASE IF NOT EXISTS " + ClickHouseClient.identifier(database));
        } catch (ClickHouseException e) {
            throw new DeploymentException("cannot create the database " + database + " on " + client.describe()
                    + ": " + context.variables().mask(e.serverMessage()), context.location(), e);
        }
        context.log().info("database {} is there", database);
    }

    /** Runs a request: the patch check, the condition, the scripts statement by statement, the patch's row. */
    static void run(StepContext context, Request request) throws Exception {
        String database = resolved(context, request.targetDatabase());
        ClickHouseClient client = ClickHouseClient.of(context, ClickHouseClient.connection(context));
        List<String> texts = new ArrayList<>();
        for (String script : request.scripts()) {
            texts.add(text(context, script));
        }
        String condition = request.conditionPath() == null ? null : text(context, request.conditionPath());
        String patchId = request.patchId();
        PatchTable patches = null;
        String checksum = null;
        if (patchId != null) {
            checksum = checksum(texts, condition);
            patches = PatchTable.of(context, client, database);
            Optional<String> applied = patches.applied(patchId);
            if (applied.isPresent()) {
                context.log().info("patch {} is applied to {} already; not run", patchId, database);
                if (!applied.get().isEmpty() && !applied.get().equalsIgnoreCase(checksum)) {
                    context.problems().warning("patch " + patchId + " was applied to " + database + " from scripts"
                            + " that have changed since; it is not run again: give the change a new patchId");
                }
                context.detail("patch " + patchId + " is applied to " + database + " already");
                return;
            }
            patches.create();
        }
        long started = System.nanoTime();
        boolean holds = condition == null || condition(context, client, database, request, condition);
        int ran = 0;
        if (holds) {
            for (int i = 0; i < texts.size(); i++) {
                String path = request.scripts().get(i);
                String text = request.replaceTokens() ? context.variables().expand(texts.get(i)) : texts.get(i);
                for (ClickHouseStatement statement : ClickHouseScriptSplitter.split(text)) {
                    send(context, client, database, path, statement, ran);
                    ran++;
                }
            }
        } else {
            context.log().info("condition {} does not hold: the scripts are not run", request.conditionPath());
        }
        if (patchId != null) {
            boolean mayRecordItself = holds && texts.stream().anyMatch(t -> MENTIONS_PATCH_TABLE.matcher(t).find());
            if (mayRecordItself && patches.recordedNow(patchId)) {
                patches.recordedByScript(patchId);
                context.log().info("patch {} was recorded by its script", patchId);
            } else {
                patches.record(patchId, request.description(), checksum, appliedBy(context),
                        (System.nanoTime() - started) / 1_000_000);
            }
            context.recordChange(new ChangeRecord("patch", plannedName(database) + "/" + patchId,
                    "sha256:" + checksum));
        }
        context.detail((holds ? ran + " statement" + (ran == 1 ? "" : "s") + " run on " + database
                : "condition " + request.conditionPath() + " is false: nothing run on " + database)
                + (patchId == null ? "" : "; patch " + patchId + " recorded"));
    }

    private static boolean condition(StepContext context, ClickHouseClient client, String database, Request request,
                                     String condition) throws Exception {
        String text = request.replaceTokens() ? context.variables().expand(condition) : condition;
        List<ClickHouseStatement> statements = ClickHouseScriptSplitter.split(text);
        if (statements.size() != 1) {
            throw new DeploymentException("conditionPath " + request.conditionPath() + " must hold one query; it holds "
                    + statements.size() + " statements", context.location());
        }
        ClickHouseStatement query = statements.get(0);
        JsonNode rows;
        try {
            rows = client.rows(database, query.text());
        } catch (ClickHouseException e) {
            throw new ClickHouseScriptException(request.conditionPath(), 1, query.line(),
                    context.variables().mask(e.serverMessage()), 0, context.location(), e);
        } catch (IOException e) {
            throw stoppedAnswering(context, client, request.conditionPath(), query, 0, e);
        }
        JsonNode first = rows.path(0).path(0);
        String value = first.isMissingNode() || first.isNull() ? "" : first.asText().trim();
        boolean holds = value.equals("1") || value.equalsIgnoreCase("true");
        context.log().info("condition {} gives '{}': {}", request.conditionPath(), value, holds ? "holds" : "does not hold");
        return holds;
    }

    private static void send(StepContext context, ClickHouseClient client, String database, String path,
                             ClickHouseStatement statement, int ranBefore) throws Exception {
        try {
            client.execute(database, statement.text());
        } catch (ClickHouseException e) {
            throw new ClickHouseScriptException(path, statement.number(), statement.line(),
                    context.variables().mask(e.serverMessage()), ranBefore, context.location(), e);
        } catch (IOException e) {
            throw stoppedAnswering(context, client, path, statement, ranBefore, e);
        }
    }

    private static DeploymentException stoppedAnswering(StepContext context, ClickHouseClient client, String path,
                                                        ClickHouseStatement statement, int ranBefore, IOException e) {
        return new DeploymentException(path + ":" + statement.line() + ": statement " + statement.number()
                + " got no answer from " + client.describe() + " (" + context.variables().mask(String.valueOf(
                e.getMessage())) + "); it may or may not have run, and statements before were not rolled back"
                + " (ClickHouse has no transactions): " + ranBefore + " ran before it", context.location(), e);
    }

    private static String resolved(StepContext context, String targetDatabase) {
        try {
            return database(context.variables(), targetDatabase);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(e.getMessage(), context.location(), e);
        }
    }

    /** The text of a package file, read once per step: UTF-8 unless a byte order mark says otherwise. */
    static String text(StepContext context, String path) throws Exception {
        return context.store(Store.Scope.STEP).getOrCompute(new Read(path), String.class, () -> {
            try (InputStream in = context.content().open(path)) {
                return TextEncoding.decodeText(in.readAllBytes());
            }
        });
    }

    /** SHA-256 of the scripts and the condition as written (tokens not replaced), each followed by a 0 byte. */
    private static String checksum(List<String> texts, String condition) {
        MessageDigest digest = Sha256.newDigest();
        for (String text : texts) {
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        if (condition != null) {
            digest.update(condition.getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(digest);
    }

    private static String appliedBy(StepContext context) {
        String user = context.variables().get("Deployment.User").orElse(System.getProperty("user.name", "unknown"));
        return user + " (deployment " + context.deploymentId() + ")";
    }

    /** With {@code replaceTokens}, the variables of the scripts and the condition; the condition file in any case. */
    static void fingerprint(StepContext context, Request request, Fingerprint fingerprint) throws Exception {
        if (request.conditionPath() != null && context.content().exists(request.conditionPath())) {
            fingerprint.addPackageFile(request.conditionPath());
            if (request.replaceTokens()) {
                fingerprint.addVariablesUsedInFile(request.conditionPath());
            }
        }
        if (request.replaceTokens()) {
            for (String script : request.scripts()) {
                fingerprint.addVariablesUsedInFile(script);
            }
        }
    }
}
