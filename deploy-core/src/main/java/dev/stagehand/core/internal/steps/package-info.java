/**
 * The core step types that move files ({@code DeployFiles}, {@code TaggedFile}) and the
 * engines behind them, which benchmarks call directly.
 */
package dev.stagehand.core.internal.steps;
