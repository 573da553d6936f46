package dev.stagehand.steps.clickhouse.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClickHouseScriptSplitterTest {

    @Test
    void statementsEndAtSemicolonsOutsideQuotesAndComments() {
        String script = "-- a comment; not a statement\n"
                + "CREATE TABLE `odd;name` (\"col;1\" String) ENGINE = TinyLog;\n"
                + "INSERT INTO `odd;name` VALUES ('a;b'), ('it\\'s; fine'), ('doubled '' ; quote');\n"
                + "/* block; comment\n spanning lines */ SELECT 1 /* inside; */ + 1;\n"
                + "SELECT 2 -- trailing; comment\n";

        assertEquals(List.of(
                new ClickHouseStatement("CREATE TABLE `odd;name` (\"col;1\" String) ENGINE = TinyLog", 1, 2),
                new ClickHouseStatement("INSERT INTO `odd;name` VALUES ('a;b'), ('it\\'s; fine'), ('doubled '' ; quote')",
                        2, 3),
                new ClickHouseStatement("SELECT 1 /* inside; */ + 1", 3, 5),
                new ClickHouseStatement("SELECT 2", 4, 6)), ClickHouseScriptSplitter.split(script));
    }

    @Test
    void linesCountInsideMultiLineLiteralsAndCommentsOnlyPartsAreDropped() {
        String script = "INSERT INTO t VALUES ('one\ntwo\nthree');\n;\n-- only a comment\n;\n\nSELECT\n  1";

        assertEquals(List.of(new ClickHouseStatement("INSERT INTO t VALUES ('one\ntwo\nthree')", 1, 1),
                new ClickHouseStatement("SELECT\n  1", 2, 8)), ClickHouseScriptSplitter.split(script));
    }

    @Test
    void anEmptyScriptHasNoStatements() {
        assertEquals(List.of(), ClickHouseScriptSplitter.split("  \n-- nothing\n/* at all */\n"));
    }
}
