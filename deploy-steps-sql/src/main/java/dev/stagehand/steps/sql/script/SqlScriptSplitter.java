package dev.stagehand.steps.sql.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a script into the statements a JDBC driver accepts one at a time, keeping the line each
 * starts on. Statements end at {@code ;} outside quotes ({@code '...'}, {@code E'...'},
 * {@code "..."}, {@code `...`}), comments ({@code --}, nested {@code /* *\/}), dollar-quoted
 * bodies ({@code $$...$$}, {@code $tag$...$tag$}) and {@code BEGIN...END} / {@code CASE...END}
 * blocks. A line holding only {@code GO} (or {@code GO n}) ends a batch, which then runs n times.
 *
 * <p>In {@linkplain Mode#BATCHES batch mode} (SQL Server) only {@code GO} separates: T-SQL
 * bodies hold semicolons the server must see, and the server itself parses a batch.
 */
public final class SqlScriptSplitter {

    /** How statements are separated. */
    public enum Mode {
        /** {@code ;} and {@code GO} lines (PostgreSQL, H2 and most databases). */
        STATEMENTS,
        /** {@code GO} lines only (SQL Server): each batch goes to the server whole. */
        BATCHES
    }

    private static final Pattern GO = Pattern.compile("(?i)[ \\t]*GO(?:[ \\t]+(\\d+))?[ \\t]*;?[ \\t]*(?:--.*)?\\r?");
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$(?:[A-Za-z_][A-Za-z0-9_]*)?\\$");
    /** Words after BEGIN that make it a transaction statement rather than a block. */
    private static final Set<String> BEGIN_TRANSACTION = Set.of("TRANSACTION", "TRAN", "WORK", "ISOLATION", "READ",
            "DEFERRED", "IMMEDIATE", "EXCLUSIVE", "DISTRIBUTED", "NOT");
    /** Words after END that close a block which did not open with BEGIN or CASE (PL/SQL). */
    private static final Set<String> END_OF_CONTROL = Set.of("IF", "LOOP", "WHILE", "REPEAT", "FOR");

    private final String s;
    private final Mode mode;
    private final List<SqlStatement> out = new ArrayList<>();
    private int i;
    private int line = 1;
    private int start = -1;
    private int startLine;
    private int depth;

    private SqlScriptSplitter(String script, Mode mode) {
        this.s = script;
        this.mode = mode;
    }

    /** The statements of {@code script} in order; comments-only parts are dropped. */
    public static List<SqlStatement> split(String script, Mode mode) {
        SqlScriptSplitter splitter = new SqlScriptSplitter(script, mode);
        splitter.run();
        return splitter.out;
    }

    private void run() {
        boolean lineStart = true;
        int n = s.length();
        while (i < n) {
            if (lineStart) {
                lineStart = false;
                int end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
                Matcher go = GO.matcher(s).region(i, end);
                if (go.matches()) {
                    flush(i, go.group(1) == null ? 1 : Integer.parseInt(go.group(1)));
                    i = end;
                    continue;
                }
            }
            char c = s.charAt(i);
            char next = i + 1 < n ? s.charAt(i + 1) : '\0';
            if (c == '\n') {
                line++;
                lineStart = true;
                i++;
            } else if (c == '-' && next == '-') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && next == '*') {
                skipBlockComment();
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                if (start < 0) {
                    start = i;
                    startLine = line;
                }
                significant(c);
            }
        }
        flush(n, 1);
    }

    private void significant(char c) {
        if (c == '\'') {
            boolean backslashes = i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                    && (i < 2 || !isWordChar(s.charAt(i - 2)));
            skipQuoted('\'', backslashes);
        } else if (c == '"') {
            skipQuoted('"', false);
        } else if (c == '`') {
            skipQuoted('`', false);
        } else if (c == '[' && mode == Mode.BATCHES) {
            skipQuoted(']', false);
        } else if (c == '$' && mode == Mode.STATEMENTS && (i == 0 || !isWordChar(s.charAt(i - 1)))) {
            skipDollarQuoted();
        } else if (c == ';' && mode == Mode.STATEMENTS) {
            if (depth == 0) {
                flush(i, 1);
            }
            i++;
        } else if (Character.isLetter(c) || c == '_') {
            int end = wordEnd(i);
            if (mode == Mode.STATEMENTS) {
                block(s.substring(i, end).toUpperCase(Locale.ROOT), end);
            }
            i = end;
        } else {
            i++;
        }
    }

    /** Tracks BEGIN...END and CASE...END nesting, inside which {@code ;} does not end the statement. */
    private void block(String word, int end) {
        switch (word) {
            case "BEGIN" -> {
                String after = nextWord(end);
                if (!after.isEmpty() && !after.equals(";") && !BEGIN_TRANSACTION.contains(after)) {
                    depth++;
                }
            }
            case "CASE" -> depth++;
            case "END" -> {
                if (depth > 0 && !END_OF_CONTROL.contains(nextWord(end))) {
                    depth--;
                }
            }
            default -> {
            }
        }
    }

    /** The next word (upper case) or punctuation character after {@code from}, skipping whitespace; empty at the end. */
    private String nextWord(int from) {
        int j = from;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        if (j >= s.length()) {
            return "";
        }
        if (!Character.isLetter(s.charAt(j))) {
            return String.valueOf(s.charAt(j));
        }
        return s.substring(j, wordEnd(j)).toUpperCase(Locale.ROOT);
    }

    private int wordEnd(int from) {
        int j = from;
        while (j < s.length() && isWordChar(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || c == '@';
    }

    /** From an opening quote to past its closing one; a doubled closing quote (or a backslash when allowed) escapes. */
    private void skipQuoted(char close, boolean backslashes) {
        i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (backslashes && c == '\\') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    line++;
                }
                i += 2;
                continue;
            }
            i++;
            if (c == close) {
                if (i < s.length() && s.charAt(i) == close) {
                    i++;
                } else {
                    return;
                }
            }
        }
    }

    private void skipDollarQuoted() {
        Matcher tag = DOLLAR_TAG.matcher(s).region(i, s.length());
        if (!tag.lookingAt()) {
            i++;
            return;
        }
        int bodyEnd = s.indexOf(tag.group(), tag.end());
        int end = bodyEnd < 0 ? s.length() : bodyEnd + tag.group().length();
        countLines(i, end);
        i = end;
    }

    private void skipBlockComment() {
        int nesting = 0;
        int j = i;
        while (j < s.length()) {
            if (s.startsWith("/*", j)) {
                nesting++;
                j += 2;
            } else if (s.startsWith("*/", j)) {
                nesting--;
                j += 2;
                if (nesting == 0) {
                    break;
                }
            } else {
                j++;
            }
        }
        countLines(i, j);
        i = j;
    }

    private void countLines(int from, int to) {
        for (int j = from; j < to; j++) {
            if (s.charAt(j) == '\n') {
                line++;
            }
        }
    }

    private void flush(int end, int repeat) {
        if (start >= 0) {
            String text = s.substring(start, end).strip();
            if (!text.isEmpty()) {
                out.add(new SqlStatement(text, startLine, repeat));
            }
        }
        start = -1;
        depth = 0;
    }
}
