/**
 * What users of Stagehand call and what plugins implement: the stages, the problems and
 * exceptions a deployment reports, and (in sub-packages) the model, the SPIs and the events.
 */
package dev.stagehand.api;
