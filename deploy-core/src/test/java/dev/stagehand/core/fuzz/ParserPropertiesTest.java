package dev.stagehand.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.spi.VariableReferences;
import dev.stagehand.core.internal.content.ContentPattern;
import dev.stagehand.core.internal.steps.TokenReplacer;
import dev.stagehand.core.transform.JsonDocumentTransform;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The invariants of the parsers the fuzz targets exercise, stated for inputs jqwik makes up. */
class ParserPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 500)
    void replacingTokensInATextWithoutTokensChangesNothing(@ForAll String text) throws Exception {
        Assume.that(!text.contains("$("));
        Map<String, String> values = Map.of("a", "1");

        assertEquals(text, VariableReferences.expand(text, name -> Optional.ofNullable(values.get(name)),
                name -> "?"));
        StringWriter out = new StringWriter();
        TokenReplacer.Result result = new TokenReplacer(name -> Optional.ofNullable(values.get(name)), 16)
                .replace(new StringReader(text), out);
        assertEquals(text, out.toString());
        assertFalse(result.changed());
    }

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.strings().withChars("ab*?/.!;{},[]-").ofMinLength(1).ofMaxLength(16);
    }

    @Provide
    Arbitrary<String> outside() {
        Arbitrary<String> rest = Arbitraries.strings().withChars("ab*./").ofMaxLength(10);
        return Arbitraries.oneOf(rest.map(r -> "../" + r), rest.map(r -> "/" + r), rest.map(r -> "a/../../" + r));
    }

    @Property(tries = 1000)
    void aGlobNeverMatchesAPathOutsideItsBase(@ForAll("globs") String glob, @ForAll("outside") String path) {
        ContentPattern pattern;
        try {
            pattern = ContentPattern.parse(glob);
        } catch (IllegalArgumentException refused) {
            return;
        }

        assertFalse(pattern.matches(Path.of(path)), () -> glob + " matched " + path);
    }

    @Provide
    Arbitrary<Object> jsonValues() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s), Arbitraries.of(true, false, "").map(o -> o));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(inner, Arbitraries.maps(Arbitraries.strings()
                .alpha().ofMinLength(1).ofMaxLength(6), inner).ofMaxSize(4).map(m -> (Object) m),
                inner.list().ofMaxSize(3).map(l -> (Object) l)), 0, 4);
    }

    @Property(tries = 300)
    void aJdtTransformWithNoVerbsIsTheIdentity(@ForAll("jsonValues") Object value) throws Exception {
        String document = JSON.writeValueAsString(Map.of("root", value));

        String output = JsonDocumentTransform.apply(document, "{}", "empty.json").output();

        JsonNode expected = JSON.readTree(document);
        assertEquals(expected, JSON.readTree(output));
    }
}
