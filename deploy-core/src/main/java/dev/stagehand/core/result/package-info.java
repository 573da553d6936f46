/**
 * What a deployment did: per package and step, ran, failed or skipped and why; and the status
 * of a state folder. The CLI prints these records as they are.
 */
package dev.stagehand.core.result;
