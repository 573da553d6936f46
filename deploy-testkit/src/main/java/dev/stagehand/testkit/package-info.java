/**
 * The test kit for plugin authors, in the spirit of JUnit's {@code EngineTestKit}:
 * {@link dev.stagehand.testkit.StepHarness} runs one step, one package or a whole package source
 * through the seven stages of the real engine and returns events, problems and recorded changes;
 * {@link dev.stagehand.testkit.StepContexts} builds a {@link dev.stagehand.api.spi.StepContext} for
 * calling one handler method directly; {@link dev.stagehand.testkit.InMemoryTarget} is a target
 * that keeps its files in memory. Add it to a step module at test scope.
 */
package dev.stagehand.testkit;
