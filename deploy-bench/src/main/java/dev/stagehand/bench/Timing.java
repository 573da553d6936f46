package dev.stagehand.bench;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** Runs a task a few times after warm-up and keeps the median, the figure the benchmarks report. */
final class Timing {

    private Timing() {
    }

    /** Median wall time in milliseconds of {@code runs} runs after {@code warmups} unmeasured ones. */
    static double medianMillis(int warmups, int runs, Callable<?> task) throws Exception {
        for (int i = 0; i < warmups; i++) {
            task.call();
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            task.call();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[runs / 2];
    }
}
