package dev.stagehand.cli;

import dev.stagehand.core.options.ZipLimits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The limits on zipped packages, shared by {@code validate}, {@code plan} and {@code install}. */
final class ZipOptions {

    @Option(names = "--zip-max-bytes", paramLabel = "BYTES",
            description = "Refuse a zipped package that expands to more than BYTES in all or in one entry"
                    + " (default: ${DEFAULT-VALUE}).", defaultValue = "" + (8L << 30))
    long maxBytes;

    @Option(names = "--zip-max-entries", paramLabel = "N",
            description = "Refuse a zipped package of more than N entries (default: ${DEFAULT-VALUE}).",
            defaultValue = "200000")
    int maxEntries;

    @Option(names = "--zip-max-ratio", paramLabel = "N",
            description = "Refuse a zip entry that expands more than N times its compressed size, past its first MiB"
                    + " (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int maxRatio;

    /**
     * The limits asked for.
     *
     * @throws CommandLine.ParameterException (bad usage) naming the option whose value is not positive
     */
    ZipLimits limits(CommandLine commandLine) {
        positive(commandLine, "--zip-max-bytes", maxBytes);
        positive(commandLine, "--zip-max-entries", maxEntries);
        positive(commandLine, "--zip-max-ratio", maxRatio);
        ZipLimits limits = ZipLimits.DEFAULTS.withMaxEntries(maxEntries).withMaxRatio(maxRatio);
        return maxBytes == ZipLimits.DEFAULTS.maxBytes() ? limits : limits.withMaxBytes(maxBytes);
    }

    private static void positive(CommandLine commandLine, String option, long value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(commandLine, option + " must be 1 or more, not " + value);
        }
    }
}
