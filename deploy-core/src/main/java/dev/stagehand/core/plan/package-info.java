/**
 * The execution plan: which package versions a deployment installs, in which order, why, and
 * what it will create or change. The CLI prints these records as they are.
 */
package dev.stagehand.core.plan;
