/**
 * The SQL databases this module teaches the engine, as {@link dev.stagehand.jdbc.JdbcDatabaseType}s:
 * PostgreSQL, SQL Server and H2, with how their URLs are built from parts and their locks.
 */
package dev.stagehand.steps.sql.types;
