/**
 * The deployment journal kept in a database over JDBC, for teams that keep deployment state
 * beside their data instead of in a state folder.
 */
package dev.stagehand.steps.sql.journal;
