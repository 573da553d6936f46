/**
 * The MES tables in the Online database: their schema, created and migrated on first use
 * ({@link dev.stagehand.steps.mes.store.MesSchema}), and the reads and writes the steps make.
 */
package dev.stagehand.steps.mes.store;
