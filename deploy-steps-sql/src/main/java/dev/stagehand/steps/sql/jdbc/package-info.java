/**
 * JDBC plumbing shared by the SQL steps: dialects, one connection per logical database per
 * deployment, the patch table {@code T_DatabasePatches} with its database lock, and the runner
 * that executes split scripts and reports failures by file and line.
 */
package dev.stagehand.steps.sql.jdbc;
