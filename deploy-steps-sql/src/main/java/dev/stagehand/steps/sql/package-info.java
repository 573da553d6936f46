/**
 * SQL step handlers (RunSql, EnqueueSql, RestoreDatabaseFromBackup, RunXmla) over JDBC; arrives with the SQL issue.
 */
package dev.stagehand.steps.sql;
