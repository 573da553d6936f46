package dev.stagehand.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One row of {@code bench/run-all}: a baseline (A) and our side (B) timed alternately, A B A B, for
 * a number of pairs, because these machines drift by a factor of 3 between minutes and two sides
 * timed minutes apart compare nothing. The ratio reported is the median of the per-pair ratios
 * B/A, next to each side's median; the target is "at most".
 *
 * <p>Each comparison prints one line per pair for people and one {@code ROW} line, tab-separated,
 * that {@code bench/run-all} collects into its table (and appends to the file named by
 * {@code -Dbench.rows}, when set):
 * {@code ROW <name> <ratio> <target> <median A ms> <median B ms> <pairs> <a1/b1 a2/b2 ...>}.
 *
 * <p>Sizes: {@link #quick()} is {@code -Dquick=true} (the small size of {@code run-all --quick});
 * {@link #pairs()} is {@code -Dpairs=N}, at least 5 by default.
 */
final class Comparison {

    /** Work timed on one side; {@code prepare} runs untimed before each timing. */
    interface Task {
        void run() throws Exception;
    }

    /** One side of a pair: what it is called, what to do untimed before it, and what is timed. */
    record Side(String label, Task prepare, Task timed) {

        static Side of(String label, Task timed) {
            return new Side(label, () -> { }, timed);
        }
    }

    /** What a comparison measured. */
    record Row(String name, double target, double[] a, double[] b) {

        double ratio() {
            double[] ratios = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                ratios[i] = b[i] / a[i];
            }
            return median(ratios);
        }

        boolean met() {
            return ratio() <= target;
        }

        String line() {
            StringBuilder runs = new StringBuilder();
            for (int i = 0; i < a.length; i++) {
                runs.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f/%.0f", a[i], b[i]));
            }
            return String.join("\t", "ROW", name, String.format(Locale.ROOT, "%.3f", ratio()),
                    String.format(Locale.ROOT, "%.2f", target), String.format(Locale.ROOT, "%.0f", median(a)),
                    String.format(Locale.ROOT, "%.0f", median(b)), Integer.toString(a.length), runs.toString());
        }
    }

    private Comparison() {
    }

    /** Whether this is the small size of {@code bench/run-all --quick}. */
    static boolean quick() {
        return Boolean.getBoolean("quick");
    }

    /** The number of A B pairs to time ({@code -Dpairs}, default 5). */
    static int pairs() {
        return Math.max(1, Integer.getInteger("pairs", 5));
    }

    /**
     * Times {@code warmups} unrecorded pairs, then {@link #pairs()} recorded ones, A then B in each,
     * prints every pair and the {@code ROW} line, and returns the row.
     */
    static Row compare(String name, double target, int warmups, Side a, Side b) throws Exception {
        int pairs = pairs();
        for (int i = 0; i < warmups; i++) {
            time(a);
            time(b);
        }
        double[] as = new double[pairs];
        double[] bs = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            as[i] = time(a);
            bs[i] = time(b);
            System.out.printf(Locale.ROOT, "%s, pair %d: %s %.0f ms | %s %.0f ms | %.3fx%n", name, i + 1, a.label(),
                    as[i], b.label(), bs[i], bs[i] / as[i]);
        }
        Row row = new Row(name, target, as, bs);
        report(row);
        return row;
    }

    /** Prints a row measured some other way (for example, B alone against A's median of the same run). */
    static void report(Row row) {
        System.out.printf(Locale.ROOT, "%s: %.3fx (target at most %.2fx) %s%n", row.name(), row.ratio(), row.target(),
                row.met() ? "met" : "NOT MET");
        System.out.println(row.line());
        String file = System.getProperty("bench.rows");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), row.line() + System.lineSeparator(), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Milliseconds the side's timed part took, after its untimed preparation. */
    static double time(Side side) throws Exception {
        side.prepare().run();
        return millis(side.timed());
    }

    /** Milliseconds the task took. */
    static double millis(Task task) throws Exception {
        long start = System.nanoTime();
        task.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /** Runs a process with inherited output; fails when it exits with anything but 0. */
    static void run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile())
                .inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue());
        }
    }

    /** Runs a process with inherited output; fails when it exits with anything but 0. */
    static void run(String... command) throws IOException, InterruptedException {
        run(new ArrayList<>(List.of(command)), null);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
