package dev.stagehand.steps.clickhouse.script;

/**
 * One statement of a ClickHouse script, as one HTTP request sends it.
 *
 * @param text   the statement without its terminating {@code ;}
 * @param number 1-based position of the statement in its script
 * @param line   1-based line of the script where the statement starts
 */
public record ClickHouseStatement(String text, int number, int line) {
}
