package dev.stagehand.steps.sql.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptSplitterTest {

    private static List<SqlStatement> statements(String script) {
        return SqlScriptSplitter.split(script, SqlScriptSplitter.Mode.STATEMENTS);
    }

    private static List<String> texts(String script) {
        return statements(script).stream().map(SqlStatement::text).toList();
    }

    @Test
    void semicolonsSeparateStatementsAndEachKeepsTheLineItStartsOn() {
        List<SqlStatement> split = statements("CREATE TABLE a (x INT);\n\nINSERT INTO a VALUES (1);  INSERT INTO a\nVALUES (2)");
        assertEquals(List.of(new SqlStatement("CREATE TABLE a (x INT)", 1, 1),
                new SqlStatement("INSERT INTO a VALUES (1)", 3, 1), new SqlStatement("INSERT INTO a\nVALUES (2)", 3, 1)),
                split);
    }

    @Test
    void semicolonsInsideQuotesAndIdentifiersDoNotSplit() {
        assertEquals(List.of("INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT \"odd;name\" FROM t",
                "SELECT `x;y` FROM t"), texts("INSERT INTO t VALUES ('a;b', 'it''s; fine');\n"
                + "SELECT \"odd;name\" FROM t; SELECT `x;y` FROM t;"));
    }

    @Test
    void postgresEscapeStringsHonourBackslashes() {
        assertEquals(List.of("SELECT E'it\\'s; one'", "SELECT 2"), texts("SELECT E'it\\'s; one'; SELECT 2;"));
    }

    @Test
    void commentsNeitherSplitNorBecomeStatementsButCountLines() {
        List<SqlStatement> split = statements("-- a; comment\n/* block; /* nested; */ still; */\nSELECT 1; -- trailing;\n"
                + "/* only a comment; */");
        assertEquals(1, split.size());
        assertEquals("SELECT 1", split.get(0).text());
        assertEquals(3, split.get(0).line());
    }

    @Test
    void dollarQuotedBodiesAreOneStatement() {
        String function = "CREATE FUNCTION f() RETURNS void AS $$\nBEGIN\n  INSERT INTO t VALUES (1);\n  UPDATE t SET x = 2;\nEND;\n$$ LANGUAGE plpgsql";
        String tagged = "CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'a;b' $$ still inside; $body$ LANGUAGE sql";
        List<SqlStatement> split = statements(function + ";\n" + tagged + ";\nSELECT 3;");
        assertEquals(List.of(function, tagged, "SELECT 3"), split.stream().map(SqlStatement::text).toList());
        assertEquals(List.of(1, 7, 8), split.stream().map(SqlStatement::line).toList());
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        assertEquals(List.of("CREATE FUNCTION h(int) RETURNS int AS 'SELECT $1 + 1' LANGUAGE sql", "SELECT 2"),
                texts("CREATE FUNCTION h(int) RETURNS int AS 'SELECT $1 + 1' LANGUAGE sql; SELECT 2;"));
    }

    @Test
    void beginEndBlocksKeepTheirSemicolonsButTransactionStatementsSplit() {
        String trigger = "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN\n  UPDATE c SET n = n + 1;\n"
                + "  IF n > 1 THEN SET x = CASE WHEN y THEN 1 ELSE 2 END; END IF;\nEND";
        assertEquals(List.of("BEGIN", trigger, "COMMIT", "BEGIN TRANSACTION", "SELECT 1"),
                texts("BEGIN;\n" + trigger + ";\nCOMMIT;\nBEGIN TRANSACTION;\nSELECT 1;"));
    }

    @Test
    void goLinesSeparateBatchesAndRepeatTheBatchBeforeThem() {
        List<SqlStatement> split = SqlScriptSplitter.split("CREATE PROCEDURE p AS\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND\n"
                + "GO\nINSERT INTO t VALUES ('GO');\ngo 3\n-- GO inside a comment does nothing\nSELECT [a;b] FROM t\n"
                + "GO -- last\n", SqlScriptSplitter.Mode.BATCHES);
        assertEquals(List.of(new SqlStatement("CREATE PROCEDURE p AS\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND", 1, 1),
                new SqlStatement("INSERT INTO t VALUES ('GO');", 7, 3),
                new SqlStatement("SELECT [a;b] FROM t", 10, 1)), split);
    }

    @Test
    void goLinesAlsoSeparateStatementsOutsideSqlServer() {
        assertEquals(List.of(new SqlStatement("SELECT 1", 1, 1), new SqlStatement("SELECT 2", 3, 2)),
                statements("SELECT 1\nGO\nSELECT 2\nGO 2\n"));
    }

    @Test
    void checksumsIgnoreLineEndingsAndTrailingBlanksButNotContent() {
        String unix = "SELECT 1;\nSELECT 2;\n";
        assertEquals(SqlScript.checksum(unix), SqlScript.checksum("SELECT 1;   \r\nSELECT 2;\r\n\r\n"));
        assertNotEquals(SqlScript.checksum(unix), SqlScript.checksum("SELECT 1;\nSELECT 3;\n"));
    }

    @Test
    void normalisingDropsTrailingBlanksAndOuterBlankLinesButKeepsIndentationAndInnerBlankLines() {
        assertEquals("SELECT 1;\n\n  SELECT 2;\n\tSELECT 3;",
                SqlScript.normalise("\r\n  \nSELECT 1;  \r\n \r\n  SELECT 2;\t\r\tSELECT 3;\n\n  "));
    }
}
