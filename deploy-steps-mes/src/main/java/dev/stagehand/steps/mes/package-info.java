/**
 * MES integration-entry step handlers (MasterData, ExportedObjects, ProcessRules); arrives with the MES issue.
 */
package dev.stagehand.steps.mes;
