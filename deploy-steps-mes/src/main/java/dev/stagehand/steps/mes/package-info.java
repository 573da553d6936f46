/**
 * The MES step types: integration entries (CreateIntegrationEntries, ExportedObjects, ProcessRules,
 * MasterData) with the package-scoped wait for them, configuration entries, the license, entity-type
 * operations and services, all kept in tables of the Online database (see {@code store}).
 */
package dev.stagehand.steps.mes;
