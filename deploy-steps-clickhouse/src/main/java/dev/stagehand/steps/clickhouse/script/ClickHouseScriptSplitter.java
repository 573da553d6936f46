package dev.stagehand.steps.clickhouse.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a ClickHouse script into statements, keeping the line each starts on: ClickHouse's HTTP
 * interface runs one statement per request (18.16 refuses more: "Multi-statements are not
 * allowed"). A statement ends at {@code ;} outside string literals ({@code '...'}, where a
 * backslash or a doubled quote escapes), quoted identifiers ({@code "..."}, {@code `...`}) and
 * comments ({@code --} to the end of the line, {@code /* ... *\/}). Parts holding only comments
 * and blanks are dropped.
 */
public final class ClickHouseScriptSplitter {

    private final String s;
    private final List<ClickHouseStatement> out = new ArrayList<>();
    private int i;
    private int line = 1;
    private int start = -1;
    private int startLine;
    /** Where the statement's last significant character ends: trailing comments are not sent. */
    private int significantEnd;

    private ClickHouseScriptSplitter(String script) {
        this.s = script;
    }

    /** The statements of {@code script}, in order. */
    public static List<ClickHouseStatement> split(String script) {
        ClickHouseScriptSplitter splitter = new ClickHouseScriptSplitter(script);
        splitter.run();
        return List.copyOf(splitter.out);
    }

    private void run() {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            char next = i + 1 < n ? s.charAt(i + 1) : '\0';
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '-' && next == '-') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && next == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                countLines(i, end);
                i = end;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == ';') {
                flush();
                i++;
            } else {
                if (start < 0) {
                    start = i;
                    startLine = line;
                }
                if (c == '\'' || c == '"' || c == '`') {
                    skipQuoted(c);
                } else {
                    i++;
                }
                significantEnd = i;
            }
        }
        flush();
    }

    /** From an opening quote to past its closing one; a backslash escapes the next character, a doubled quote itself. */
    private void skipQuoted(char quote) {
        i++;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n) {
                if (s.charAt(i + 1) == '\n') {
                    line++;
                }
                i += 2;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            i++;
            if (c == quote) {
                if (i < n && s.charAt(i) == quote) {
                    i++;
                } else {
                    return;
                }
            }
        }
    }

    private void countLines(int from, int to) {
        for (int j = from; j < to; j++) {
            if (s.charAt(j) == '\n') {
                line++;
            }
        }
    }

    private void flush() {
        if (start >= 0) {
            out.add(new ClickHouseStatement(s.substring(start, significantEnd), out.size() + 1, startLine));
        }
        start = -1;
    }
}
