/**
 * What was installed where: the journal a deployment reads to pick its mode and versions and
 * writes so that a re-run knows what not to redo.
 */
package dev.stagehand.api.journal;
