package dev.stagehand.cli;

import java.io.PrintWriter;
import java.io.Writer;

/** Hands whole lines to a shared writer, each led by a target's name, so the lines of targets running at once never mix. */
final class PrefixedWriter extends Writer {

    private final PrintWriter out;
    private final String prefix;
    private final StringBuilder line = new StringBuilder();

    PrefixedWriter(PrintWriter out, String name) {
        this.out = out;
        this.prefix = "[" + name + "] ";
    }

    static PrintWriter of(PrintWriter out, String name) {
        return new PrintWriter(new PrefixedWriter(out, name), true);
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    private void emit() {
        synchronized (out) {
            out.println(prefix + line);
            out.flush();
        }
        line.setLength(0);
    }

    @Override
    public synchronized void flush() {
        // Only whole lines go out: a part line waits for its end.
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
    }
}
