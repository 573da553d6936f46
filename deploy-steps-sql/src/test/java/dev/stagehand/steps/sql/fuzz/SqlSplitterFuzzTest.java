package dev.stagehand.steps.sql.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stagehand.steps.sql.script.SqlScriptSplitter;
import dev.stagehand.steps.sql.script.SqlStatement;

/**
 * The SQL splitter fuzzed with Jazzer (see deploy-core's FUZZING.md): any script, however
 * broken, splits without an exception into statements that lie inside it, in order.
 */
class SqlSplitterFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void sqlSplitter(FuzzedDataProvider data) {
        SqlScriptSplitter.Mode mode = data.consumeBoolean() ? SqlScriptSplitter.Mode.STATEMENTS
                : SqlScriptSplitter.Mode.BATCHES;
        String script = data.consumeRemainingAsString();
        int lines = (int) script.chars().filter(c -> c == '\n').count() + 1;
        int previous = 0;
        for (SqlStatement statement : SqlScriptSplitter.split(script, mode)) {
            assertTrue(statement.line() >= Math.max(previous, 1) && statement.line() <= lines,
                    () -> "statement at line " + statement.line() + " of " + lines);
            previous = statement.line();
        }
    }
}
