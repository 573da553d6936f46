package dev.stagehand.steps.sql.script;

/**
 * One statement (or SQL Server batch) of a script.
 *
 * @param text   the statement without its terminating {@code ;} or {@code GO}
 * @param line   1-based line of the script where the statement starts
 * @param repeat how many times to run it ({@code GO 3} runs the batch before it three times)
 */
public record SqlStatement(String text, int line, int repeat) {

    public SqlStatement {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, not " + repeat);
        }
    }

    /** The first word, upper case: {@code CREATE}, {@code INSERT}, {@code SELECT}, ... */
    public String keyword() {
        int start = 0;
        while (start < text.length() && !Character.isLetter(text.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
            end++;
        }
        return text.substring(start, end).toUpperCase(java.util.Locale.ROOT);
    }
}
