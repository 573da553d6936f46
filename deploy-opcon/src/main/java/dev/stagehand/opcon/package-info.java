/**
 * Scheduling a deployment for a later date and time through OpCon: {@link dev.stagehand.opcon.BatchScheduler}
 * plans and saves the deployment, records it in the deployment database and adds OpCon's job that runs it.
 */
package dev.stagehand.opcon;
