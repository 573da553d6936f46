/**
 * The ClickHouse step family: {@code RunClickHouseSql}, the ClickHouse script handler of Generic
 * steps and the {@code ClickHouse} database type, over ClickHouse's HTTP interface with the JDK's
 * {@code java.net.http} and Jackson (the official Java clients do not work with the 18.16 server
 * Debian ships: they call functions it lacks). Patches are recorded in each database's
 * {@code T_DatabasePatches}.
 */
package dev.stagehand.steps.clickhouse;
