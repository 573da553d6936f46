/**
 * Benchmarks run as whole processes (java -cp deploy-bench.jar ...), each printing the figures
 * BENCHMARKS.md records next to a baseline measured in the same run.
 */
package dev.stagehand.bench;
