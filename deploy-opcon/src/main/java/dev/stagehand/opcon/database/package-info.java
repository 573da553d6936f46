/**
 * The deployment database over JDBC (an embedded H2 file by default, PostgreSQL tested): the Deployment records
 * and the BatchScheduleServer definitions, its schema created and migrated by Flyway.
 */
package dev.stagehand.opcon.database;
