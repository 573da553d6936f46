/**
 * The SQL step family over JDBC (PostgreSQL, SQL Server, H2): RunSql with patch journaling in
 * {@code T_DatabasePatches}, EnqueueSql, RestoreDatabaseFromBackup, RunXmla, and the SQL script
 * handler of Generic steps. Strict patch checking: {@code strictPatches="true"} on a step or the
 * variable {@code Product.Database.StrictPatches=true}.
 */
package dev.stagehand.steps.sql;
