package dev.stagehand.steps.sql.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagehand.steps.sql.script.SqlScriptSplitter;
import dev.stagehand.steps.sql.script.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What splitting a script keeps, stated for scripts jqwik makes up. */
class SqlSplitterPropertiesTest {

    /** Words that open or close blocks, or end batches: statements made of other words split at {@code ;}. */
    private static final Set<String> BLOCK_WORDS = Set.of("begin", "end", "case", "go", "if", "loop", "while",
            "repeat", "for");

    /** One statement: words, with perhaps a quoted literal holding a {@code ;}, a newline or a doubled quote. */
    @Provide
    Arbitrary<List<String>> statements() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                .filter(w -> !BLOCK_WORDS.contains(w));
        Arbitrary<String> literal = Arbitraries.strings().withChars("ab ;\n,()-*/").ofMaxLength(12)
                .map(t -> "'" + t.replace("'", "''") + "'");
        Arbitrary<String> part = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, word), net.jqwik.api.Tuple.of(1, literal));
        Arbitrary<String> statement = part.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(" ", parts))
                .filter(s -> !s.startsWith("'"));
        return statement.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300)
    void splittingKeepsEveryStatementsTextAndTheLineItStartsOn(@ForAll("statements") List<String> statements,
                                                               @ForAll("blankLines") List<Integer> blanks) {
        StringBuilder script = new StringBuilder();
        List<SqlStatement> expected = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < statements.size(); i++) {
            int blank = blanks.get(i % blanks.size());
            script.append("\n".repeat(blank));
            line += blank;
            String text = statements.get(i);
            expected.add(new SqlStatement(text, line, 1));
            script.append(text).append(";\n");
            line += (int) text.chars().filter(c -> c == '\n').count() + 1;
        }

        assertEquals(expected, SqlScriptSplitter.split(script.toString(), SqlScriptSplitter.Mode.STATEMENTS));
    }

    @Provide
    Arbitrary<List<Integer>> blankLines() {
        return Arbitraries.integers().between(0, 2).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 200)
    void aScriptWithoutSeparatorsIsOneStatementAsWritten(@ForAll("statements") List<String> statements) {
        String text = statements.get(0);

        assertEquals(List.of(new SqlStatement(text, 1, 1)),
                SqlScriptSplitter.split(text, SqlScriptSplitter.Mode.STATEMENTS));
    }

}
