/**
 * ClickHouse scripts as text: the splitter that cuts a script into the statements ClickHouse's
 * HTTP interface runs one per request, each with its number and line.
 */
package dev.stagehand.steps.clickhouse.script;
