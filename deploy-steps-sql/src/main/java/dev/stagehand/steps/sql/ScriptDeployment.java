package dev.stagehand.steps.sql;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.model.Flags;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Store;
import dev.stagehand.jdbc.JdbcSession;
import dev.stagehand.steps.sql.jdbc.PatchRow;
import dev.stagehand.steps.sql.jdbc.PatchTable;
import dev.stagehand.steps.sql.jdbc.ScriptRunner;
import dev.stagehand.steps.sql.script.SqlScript;
import dev.stagehand.steps.sql.script.SqlScriptSplitter;
import dev.stagehand.steps.sql.script.SqlStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs package scripts against one database, as RunSql and the SQL script handler do: without a
 * patch id each script is its own transaction; with one, the scripts together are the patch,
 * run once per database and recorded in {@code T_DatabasePatches}.
 *
 * <p>A patch found applied from a script that has changed since is reported and not run again:
 * a warning by default, an error in strict mode ({@code strictPatches="true"} on the step, or the
 * variable {@value #STRICT_VARIABLE} set to {@code true}).
 */
final class ScriptDeployment {

    static final String STRICT_VARIABLE = "Product.Database.StrictPatches";

    /** One script to run, read and split. */
    private record Prepared(SqlScript raw, List<SqlStatement> statements) {
    }

    /** The files a step's contentPath named, in its store: Validate and Execute ask for the same ones. */
    private record Found(String contentPath) {
    }

    /**
     * The scripts read, in the step's store by the files they were read from: Validate, the
     * fingerprint and Execute read each once. A copy a step made of a file since (TaggedFile) is
     * another file, so it is read anew.
     */
    private record Read(List<Path> files) {
    }

    /** Scripts read once per step, with their patch checksum computed once. */
    static final class Scripts {
        private final List<SqlScript> all;
        private String checksum;

        private Scripts(List<SqlScript> all) {
            this.all = List.copyOf(all);
        }

        List<SqlScript> all() {
            return all;
        }

        /** The checksum of the scripts together, as the patch table records it. */
        synchronized String checksum() {
            if (checksum == null) {
                checksum = SqlScript.checksum(all.stream().map(SqlScript::text).toArray(String[]::new));
            }
            return checksum;
        }
    }

    private final StepContext context;
    private final JdbcSession session;
    private final PatchTable patches;

    ScriptDeployment(StepContext context, JdbcSession session) throws Exception {
        this.context = context;
        this.session = session;
        this.patches = PatchTable.of(context, session);
    }

    /**
     * The logical name a {@code targetDatabase} names, whether written {@code Ods} or
     * {@code $(Product.Database.Ods)} (or expanded to {@code Ods} already).
     */
    static Optional<String> logicalName(String targetDatabase) {
        return targetDatabase == null || targetDatabase.isBlank() ? Optional.empty()
                : Optional.of(DatabaseConnection.logicalNameOf(targetDatabase));
    }

    /**
     * Why the patch must not be run as it is, when it was applied from scripts that have changed
     * since; empty when it is new, failed before, or unchanged. Reads only: Validate may call it.
     */
    Optional<String> changedPatch(List<String> paths, String patchId) throws Exception {
        String checksum = read(context, paths).checksum();
        Optional<PatchRow> known = patches.known(patchId);
        if (known.isEmpty() || !known.get().success() || known.get().checksum() == null
                || known.get().checksum().equalsIgnoreCase(checksum)) {
            return Optional.empty();
        }
        return Optional.of(changedMessage(patchId, known.get(), checksum));
    }

    private String changedMessage(String patchId, PatchRow applied, String checksum) {
        return "patch " + patchId + " was applied to " + session.connection().logicalName() + " at "
                + applied.appliedAt() + " from a script that has changed since (checksum "
                + abbreviate(applied.checksum()) + ", now " + abbreviate(checksum)
                + "); it is not run again: give the change a new patchId";
    }

    /**
     * Runs the scripts at {@code paths}.
     *
     * @param patchId       null to run every time
     * @param transactional false to run in auto-commit (the step says {@code transaction="false"})
     */
    void run(List<String> paths, String patchId, String description, boolean replaceTokens, boolean transactional,
             boolean strict) throws Exception {
        Scripts read = read(context, paths);
        List<SqlScript> raws = read.all();
        String name = session.connection().logicalName();
        if (patchId == null) {
            for (SqlScript raw : raws) {
                Prepared script = prepare(raw, replaceTokens);
                runInTransaction(script, transactional && ScriptRunner.transactional(script.statements()));
            }
            return;
        }
        String checksum = read.checksum();
        // An applied patch is only compared, never split: re-runs of big packages are mostly that.
        Optional<PatchRow> known = patches.known(patchId);
        List<Prepared> scripts = new ArrayList<>();
        if (known.isEmpty() || !known.get().success()) {
            for (SqlScript raw : raws) {
                scripts.add(prepare(raw, replaceTokens));
            }
        }
        boolean inTransaction = transactional
                && scripts.stream().allMatch(s -> ScriptRunner.transactional(s.statements()));
        // A description is recorded text: a secret it names is stored masked, as everywhere but the deployed artifacts.
        PatchTable.Patch patch = new PatchTable.Patch(patchId, description == null ? null
                : context.variables().mask(description), checksum, appliedBy(), inTransaction);
        PatchTable.Result result = patches.apply(patch, c -> {
            for (Prepared script : scripts) {
                ScriptRunner.run(c, session.type(), session.connection(), script.raw().path(), script.statements(),
                    context.location());
            }
        });
        if (result.outcome() == PatchTable.Outcome.APPLIED) {
            context.log().info("patch {} applied to {}", patchId, name);
            context.recordChange(new ChangeRecord("patch", name + "/" + patchId, "sha256:" + checksum));
            return;
        }
        context.log().info("patch {} is applied to {} already; not run", patchId, name);
        String was = result.existing().checksum();
        if (was != null && !was.equalsIgnoreCase(checksum)) {
            String message = changedMessage(patchId, result.existing(), checksum);
            if (strict) {
                throw new DeploymentException(message, context.location());
            }
            context.problems().warning(message);
        }
    }

    private Prepared prepare(SqlScript raw, boolean replaceTokens) {
        String text = replaceTokens ? context.variables().expand(raw.text()) : raw.text();
        return new Prepared(raw, SqlScriptSplitter.split(text, session.type().goBatches()
                ? SqlScriptSplitter.Mode.BATCHES : SqlScriptSplitter.Mode.STATEMENTS));
    }

    private void runInTransaction(Prepared script, boolean transactional) throws SQLException {
        Connection c = session.jdbc();
        c.setAutoCommit(!transactional);
        try {
            ScriptRunner.run(c, session.type(), session.connection(), script.raw().path(), script.statements(),
                    context.location());
            if (transactional) {
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (transactional) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // The script's failure is the one to report.
                }
            }
            throw e;
        } finally {
            JdbcSession.restoreAutoCommit(c);
        }
    }

    private String appliedBy() {
        String user = context.variables().get("Deployment.User").orElse(System.getProperty("user.name", "unknown"));
        String by = user + " (deployment " + context.deploymentId() + ")";
        return by.length() > 255 ? by.substring(0, 255) : by;
    }

    private static String abbreviate(String checksum) {
        return checksum.length() > 12 ? checksum.substring(0, 12) : checksum;
    }

    /** Whether strict patch checking is on for this step. */
    static boolean strict(StepContext context) {
        boolean byVariable = context.variables().get(STRICT_VARIABLE).flatMap(Flags::parse).orElse(false);
        return context.flag("strictPatches", byVariable);
    }

    /** The scripts at {@code paths}, read once per step. */
    static Scripts read(StepContext context, List<String> paths) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String path : paths) {
            files.add(context.content().resolve(path));
        }
        return context.store(Store.Scope.STEP).getOrCompute(new Read(files), Scripts.class, () -> {
            List<SqlScript> scripts = new ArrayList<>();
            for (String path : paths) {
                try (InputStream in = context.content().open(path)) {
                    scripts.add(SqlScript.read(path, in));
                }
            }
            return new Scripts(scripts);
        });
    }

    /**
     * With {@code replaceTokens}, every {@code $(...)} of the scripts must have a value: checked in
     * Validate, so an undefined one stops the deployment before anything changed.
     */
    static void checkTokens(StepContext context, List<String> paths) throws Exception {
        if (!context.flag("replaceTokens", false)) {
            return;
        }
        for (SqlScript script : read(context, paths).all()) {
            for (String name : context.variables().undefinedIn(script.text())) {
                context.problems().error("variable $(" + name + ") used in " + script.path() + " is not set"
                        + " (the step replaces tokens)");
            }
        }
    }

    /** With {@code replaceTokens}, the variables the scripts use go into the step's fingerprint. */
    static void fingerprintTokens(StepContext context, Fingerprint fingerprint) throws Exception {
        if (context.flag("replaceTokens", false)) {
            for (SqlScript script : read(context, find(context, context.requiredAttribute("contentPath"))).all()) {
                fingerprint.addVariablesUsedIn(script.text());
            }
        }
    }

    /** The files of a contentPath, looked up once per step: Validate and Execute ask for the same ones. */
    static List<String> find(StepContext context, String contentPath) throws Exception {
        String path = contentPath.trim();
        @SuppressWarnings("unchecked")
        List<String> found = context.store(Store.Scope.STEP).getOrCompute(new Found(path), List.class,
                () -> listed(context, path));
        return found;
    }

    private static List<String> listed(StepContext context, String contentPath) {
        try {
            return context.content().find(contentPath);
        } catch (IOException e) {
            throw new DeploymentException("cannot list " + contentPath + ": " + e.getMessage(), context.location(), e);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(e.getMessage(), context.location(), e);
        }
    }
}
