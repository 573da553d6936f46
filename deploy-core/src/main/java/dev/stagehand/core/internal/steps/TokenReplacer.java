package dev.stagehand.core.internal.steps;

import dev.stagehand.api.io.TextEncoding;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Replaces {@code $(Name)} tokens in text as it streams through a fixed-size buffer, so a file
 * of any size needs the same memory; a token split across two reads is still found.
 * {@code $$(} stands for a literal {@code $(}, as in step attributes.
 *
 * <p>Files keep their encoding, byte order mark and line endings: UTF-8 text (the default, with
 * or without a BOM) is handled byte for byte, so even bytes that are not valid UTF-8 come out
 * as they went in; UTF-16 is recognized by its BOM.
 *
 * <p>A token ends at its {@code )}; one that meets a line end or grows longer than
 * {@value #MAX_NAME_LENGTH} characters first is not a token and is kept as written.
 */
public final class TokenReplacer {

    public static final int DEFAULT_BUFFER_CHARS = 64 * 1024;
    static final int MAX_NAME_LENGTH = 1024;
    /** Undefined names kept per run; more are only counted, so memory stays bounded. */
    static final int MAX_UNDEFINED_KEPT = 100;

    private static final int TEXT = 0;
    private static final int DOLLAR = 1;
    private static final int DOLLAR_DOLLAR = 2;
    private static final int NAME = 3;

    private final Function<String, Optional<String>> values;
    private final int bufferChars;

    /** @param values the value of a variable by name, empty when it is undefined */
    public TokenReplacer(Function<String, Optional<String>> values) {
        this(values, DEFAULT_BUFFER_CHARS);
    }

    public TokenReplacer(Function<String, Optional<String>> values, int bufferChars) {
        if (bufferChars < 1) {
            throw new IllegalArgumentException("buffer of " + bufferChars + " characters");
        }
        this.values = values;
        this.bufferChars = bufferChars;
    }

    /** A use of a variable that has no value. */
    public record Undefined(String name, int line) {
    }

    /**
     * @param replaced       tokens replaced by values
     * @param escapes        {@code $$(} turned into {@code $(}
     * @param undefined      the first uses of undefined variables, in order
     * @param undefinedCount every use of an undefined variable
     */
    public record Result(long replaced, long escapes, List<Undefined> undefined, long undefinedCount) {

        public Result {
            undefined = List.copyOf(undefined);
        }

        /** True when the output differs from the input. */
        public boolean changed() {
            return replaced > 0 || escapes > 0;
        }
    }

    /** Replaces tokens in {@code source}, writing {@code destination} in the same encoding. */
    public Result replaceFile(Path source, Path destination) throws IOException {
        try (InputStream in = Files.newInputStream(source);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(destination), DEFAULT_BUFFER_CHARS)) {
            return replace(in, out);
        }
    }

    /** Finds the uses of undefined variables in a file, without writing anything. */
    public Result scanFile(Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return replace(in, OutputStream.nullOutputStream());
        }
    }

    /** Replaces tokens in encoded text; the encoding is told by a BOM, UTF-8 without one. */
    public Result replace(InputStream in, OutputStream out) throws IOException {
        PushbackInputStream input = new PushbackInputStream(in, 3);
        byte[] head = input.readNBytes(3);
        TextEncoding encoding = TextEncoding.sniff(head, head.length, StandardCharsets.UTF_8);
        input.unread(head, encoding.bomLength(), head.length - encoding.bomLength());
        out.write(encoding.bom());
        Writer writer;
        Reader reader;
        UnaryOperator<String> nameOf;
        UnaryOperator<String> valueText;
        if (encoding.charset().equals(StandardCharsets.UTF_8)) {
            // '$', '(' and ')' never occur inside a multi-byte UTF-8 sequence, so Latin-1 (one
            // char per byte) finds the same tokens, is faster to decode, and leaves every other
            // byte exactly as it was; only names and values are converted.
            reader = new InputStreamReader(input, StandardCharsets.ISO_8859_1);
            writer = new OutputStreamWriter(out, StandardCharsets.ISO_8859_1);
            nameOf = name -> new String(name.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            valueText = value -> new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        } else {
            reader = new InputStreamReader(input, encoding.charset().newDecoder());
            writer = new OutputStreamWriter(out, encoding.charset().newEncoder());
            nameOf = UnaryOperator.identity();
            valueText = UnaryOperator.identity();
        }
        Result result = new Scan(writer, nameOf, valueText).run(reader);
        writer.flush();
        return result;
    }

    /** Replaces tokens in text already decoded; names and values are used as they are. */
    public Result replace(Reader in, Writer out) throws IOException {
        return new Scan(out, UnaryOperator.identity(), UnaryOperator.identity()).run(in);
    }

    /**
     * One pass over a text, a character at a time. Text is written in runs: each state method
     * gets the start of the run of plain text not written yet and returns the new one.
     */
    private final class Scan {

        private final Writer out;
        private final UnaryOperator<String> nameOf;
        private final UnaryOperator<String> valueText;
        private final StringBuilder name = new StringBuilder();
        private final List<Undefined> undefined = new ArrayList<>();
        private long undefinedCount;
        private long replaced;
        private long escapes;
        private int state = TEXT;
        private int line = 1;

        Scan(Writer out, UnaryOperator<String> nameOf, UnaryOperator<String> valueText) {
            this.out = out;
            this.nameOf = nameOf;
            this.valueText = valueText;
        }

        Result run(Reader in) throws IOException {
            char[] buffer = new char[bufferChars];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int runStart = 0;
                for (int i = 0; i < n; i++) {
                    runStart = switch (state) {
                        case TEXT -> text(buffer, runStart, i);
                        case DOLLAR -> dollar(buffer, runStart, i);
                        case DOLLAR_DOLLAR -> dollarDollar(buffer, runStart, i);
                        default -> name(buffer, runStart, i);
                    };
                }
                if (state == TEXT) {
                    out.write(buffer, runStart, n - runStart);
                }
            }
            switch (state) {
                case DOLLAR -> out.write('$');
                case DOLLAR_DOLLAR -> out.write("$$");
                case NAME -> {
                    out.write("$(");
                    out.append(name);
                }
                default -> { }
            }
            return new Result(replaced, escapes, undefined, undefinedCount);
        }

        private int text(char[] buffer, int runStart, int i) throws IOException {
            char c = buffer[i];
            if (c == '$') {
                out.write(buffer, runStart, i - runStart);
                state = DOLLAR;
            } else if (c == '\n') {
                line++;
            }
            return runStart;
        }

        private int dollar(char[] buffer, int runStart, int i) throws IOException {
            char c = buffer[i];
            if (c == '$') {
                state = DOLLAR_DOLLAR;
            } else if (c == '(') {
                name.setLength(0);
                state = NAME;
            } else {
                out.write('$');
                state = TEXT;
                return text(buffer, i, i);
            }
            return runStart;
        }

        private int dollarDollar(char[] buffer, int runStart, int i) throws IOException {
            char c = buffer[i];
            if (c == '(') {
                out.write("$(");
                escapes++;
                state = TEXT;
                return i + 1;
            }
            if (c == '$') {
                // "$$$": the first is plain, the last two may still start an escape.
                out.write('$');
                return runStart;
            }
            out.write("$$");
            state = TEXT;
            return text(buffer, i, i);
        }

        private int name(char[] buffer, int runStart, int i) throws IOException {
            char c = buffer[i];
            if (c == ')') {
                token();
                state = TEXT;
                return i + 1;
            }
            if (c == '\n' || c == '\r' || name.length() >= MAX_NAME_LENGTH) {
                out.write("$(");
                out.append(name);
                state = TEXT;
                return text(buffer, i, i);
            }
            name.append(c);
            return runStart;
        }

        private void token() throws IOException {
            String variable = nameOf.apply(name.toString());
            Optional<String> value = values.apply(variable);
            if (value.isPresent()) {
                out.write(valueText.apply(value.get()));
                replaced++;
                return;
            }
            if (undefined.size() < MAX_UNDEFINED_KEPT) {
                undefined.add(new Undefined(variable, line));
            }
            undefinedCount++;
            out.write("$(");
            out.append(name);
            out.write(')');
        }
    }
}
