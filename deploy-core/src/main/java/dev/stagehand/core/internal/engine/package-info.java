/**
 * The pipeline engine: handler discovery, the step context, variables and secrets, the state
 * lock, and the run of seven stages in lockstep.
 */
package dev.stagehand.core.internal.engine;
