package dev.stagehand.core.internal.steps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.core.internal.variables.VariableSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenReplacerTest {

    private static final Map<String, String> VALUES = Map.of(
            "db.server", "db1.example.com",
            "db.port", "5432",
            "empty", "",
            "name", "Zoë 名前",
            "a", "[A]");

    private static Optional<String> lookup(String name) {
        return Optional.ofNullable(VALUES.get(name.toLowerCase(Locale.ROOT)));
    }

    private static TokenReplacer replacer(int bufferChars) {
        return new TokenReplacer(TokenReplacerTest::lookup, bufferChars);
    }

    private static String replaceText(String text, int bufferChars) throws IOException {
        StringWriter out = new StringWriter();
        replacer(bufferChars).replace(new StringReader(text), out);
        return out.toString();
    }

    private static byte[] replaceBytes(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        replacer(TokenReplacer.DEFAULT_BUFFER_CHARS).replace(new ByteArrayInputStream(input), out);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void replacesEveryTokenWithTheVariableValue() throws IOException {
        assertEquals("Server=db1.example.com;Port=5432;Empty=;",
                replaceText("Server=$(Db.Server);Port=$(Db.Port);Empty=$(Empty);", 4096));
    }

    @Test
    void tokensSplitAcrossBufferBoundariesAreReplacedAsIfReadWhole() throws IOException {
        String text = "x$(A)y $$(A) $$$(A) $$x $x $(A)$(A)$ $(Db.Port)\n$(Db.Server)$$";
        String whole = replaceText(text, 4096);

        for (int buffer = 1; buffer <= text.length() + 1; buffer++) {
            assertEquals(whole, replaceText(text, buffer), "buffer of " + buffer + " characters");
        }
    }

    @Test
    void replacesExactlyAsStepAttributeExpansionDoes() throws IOException {
        VariableSet variables = new VariableSet(VALUES, List.of(), Map.of(), Set.of());
        for (String text : List.of("x$(A)y", "$$(A)", "$$$(A)", "$$x", "cost: $5", "$(A)$(A)", "end$", "end$$",
                "$$$$(A)", "($(A))", "$ (A)")) {
            String expected = variables.expand(text, name -> {
                throw new AssertionError("undefined " + name);
            });

            assertEquals(expected, replaceText(text, 2), text);
        }
    }

    @Test
    void doubleDollarParenthesisIsALiteralDollarParenthesis() throws IOException {
        assertEquals("echo $(date) and [A]", replaceText("echo $$(date) and $(A)", 4096));
    }

    @Test
    void unfinishedTokensAreKeptAsWritten() throws IOException {
        assertEquals("$(A\n) and $(unfinished", replaceText("$(A\n) and $(unfinished", 3));
    }

    @Test
    void undefinedVariablesAreReportedWithTheirLineAndKeptAsWritten() throws IOException {
        StringWriter out = new StringWriter();
        String text = "first $(A)\r\nsecond\r\nthird $(Missing.One) and $(A)\nfourth $(Missing.Two)";

        TokenReplacer.Result result = replacer(5).replace(new StringReader(text), out);

        assertEquals(List.of(new TokenReplacer.Undefined("Missing.One", 3), new TokenReplacer.Undefined("Missing.Two", 4)),
                result.undefined());
        assertEquals(2, result.undefinedCount());
        assertEquals(2, result.replaced());
        assertTrue(out.toString().contains("third $(Missing.One) and [A]"));
    }

    @Test
    void windowsLineEndingsAreNeverRewritten() throws IOException {
        byte[] input = "a=$(A)\r\nb=$(Db.Port)\r\n\r\nc\n".getBytes(StandardCharsets.UTF_8);

        assertArrayEquals("a=[A]\r\nb=5432\r\n\r\nc\n".getBytes(StandardCharsets.UTF_8), replaceBytes(input));
    }

    @Test
    void aUtf8ByteOrderMarkIsKept() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] input = concat(bom, "<add value=\"$(Name)\"/>".getBytes(StandardCharsets.UTF_8));

        byte[] output = replaceBytes(input);

        assertArrayEquals(concat(bom, "<add value=\"Zoë 名前\"/>".getBytes(StandardCharsets.UTF_8)), output);
    }

    @Test
    void textWithoutByteOrderMarkIsUtf8AndGetsNoneAdded() throws IOException {
        byte[] output = replaceBytes("naïve $(Name)".getBytes(StandardCharsets.UTF_8));

        assertArrayEquals("naïve Zoë 名前".getBytes(StandardCharsets.UTF_8), output);
    }

    @Test
    void bytesThatAreNotValidUtf8PassThroughUnchanged() throws IOException {
        byte[] input = {'x', (byte) 0xC3, '$', '(', 'A', ')', (byte) 0xFF, (byte) 0x80, 'y'};

        assertArrayEquals(new byte[] {'x', (byte) 0xC3, '[', 'A', ']', (byte) 0xFF, (byte) 0x80, 'y'}, replaceBytes(input));
    }

    @Test
    void utf16LittleEndianWithByteOrderMarkStaysUtf16LittleEndian() throws IOException {
        assertUtf16RoundTrip(StandardCharsets.UTF_16LE, new byte[] {(byte) 0xFF, (byte) 0xFE});
    }

    @Test
    void utf16BigEndianWithByteOrderMarkStaysUtf16BigEndian() throws IOException {
        assertUtf16RoundTrip(StandardCharsets.UTF_16BE, new byte[] {(byte) 0xFE, (byte) 0xFF});
    }

    private static void assertUtf16RoundTrip(Charset charset, byte[] bom) throws IOException {
        byte[] input = concat(bom, "line1 $(Name)\r\nline2 $$(x)\r\n".getBytes(charset));

        byte[] output = replaceBytes(input);

        assertArrayEquals(concat(bom, "line1 Zoë 名前\r\nline2 $(x)\r\n".getBytes(charset)), output);
    }

    @Test
    void nothingChangesWhenTheTextHasNoTokens() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] input = "plain text with a $ sign".getBytes(StandardCharsets.UTF_8);

        TokenReplacer.Result result = replacer(4096).replace(new ByteArrayInputStream(input), out);

        assertFalse(result.changed());
        assertArrayEquals(input, out.toByteArray());
    }

    @Test
    void replaceFileWritesTheDestinationAndLeavesTheSource(@TempDir Path temp) throws IOException {
        Path source = Files.writeString(temp.resolve("app.config"), "<db>$(Db.Server)</db>\r\n");
        Path destination = temp.resolve("app.config.out");

        TokenReplacer.Result result = replacer(4096).replaceFile(source, destination);

        assertEquals(1, result.replaced());
        assertEquals("<db>db1.example.com</db>\r\n", Files.readString(destination));
        assertEquals("<db>$(Db.Server)</db>\r\n", Files.readString(source));
    }

    @Test
    void scanFindsUndefinedVariablesWithoutWritingAnything(@TempDir Path temp) throws IOException {
        Path source = Files.writeString(temp.resolve("s.ps1"), "$x = 1\n$y = \"$(Nope)\"\n");

        TokenReplacer.Result result = replacer(4096).scanFile(source);

        assertEquals(List.of(new TokenReplacer.Undefined("Nope", 2)), result.undefined());
    }

    /**
     * The memory needed does not grow with the input: a stream much larger than the buffer,
     * in one line with no line end, goes through a 16-character buffer and comes out whole.
     */
    @Test
    void streamsInputOfAnySizeThroughItsFixedBuffer() throws IOException {
        long tokens = 1_000_000;
        byte[] unit = "0123456789$(A)".getBytes(StandardCharsets.US_ASCII);
        InputStream generated = new InputStream() {
            private long position;

            @Override
            public int read() {
                return position == tokens * unit.length ? -1 : unit[(int) (position++ % unit.length)];
            }
        };
        long[] written = new long[1];
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }
        };

        TokenReplacer.Result result = new TokenReplacer(TokenReplacerTest::lookup, 16).replace(generated, counting);

        assertEquals(tokens, result.replaced());
        assertEquals(tokens * "0123456789[A]".length(), written[0]);
    }
}
