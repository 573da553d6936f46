/**
 * ClickHouse step handlers (RunClickHouseSql) and the ClickHouse script handler; arrives with the ClickHouse issue.
 */
package dev.stagehand.steps.clickhouse;
