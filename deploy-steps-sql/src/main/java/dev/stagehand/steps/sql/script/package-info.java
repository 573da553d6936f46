/**
 * SQL scripts as text: the splitter that cuts a script into statements (or SQL Server batches)
 * with their lines, and the normalised checksum that patch journaling compares.
 */
package dev.stagehand.steps.sql.script;
