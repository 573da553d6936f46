/**
 * Schedules deployments through the OpCon REST API; arrives with the OpCon issue.
 */
package dev.stagehand.opcon;
