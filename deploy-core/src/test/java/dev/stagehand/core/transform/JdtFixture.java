package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One folder under {@code src/test/resources/transform/jdt}: {@code source.json}, {@code transform.json}
 * and either {@code expected.json} (plus {@code warnings.txt}, one {@code location: message} a line)
 * or {@code error.txt} (lines the error's message must contain).
 */
record JdtFixture(String name, Path dir) {

    static final String TRANSFORM_NAME = "transform.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JdtFixture named(String name) {
        return new JdtFixture(name, root().resolve(name));
    }

    static Stream<JdtFixture> all() throws IOException {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(Files::isDirectory).sorted()
                    .map(d -> new JdtFixture(d.getFileName().toString(), d)).toList().stream();
        }
    }

    String source() {
        return read("source.json").orElseThrow();
    }

    String transform() {
        return read("transform.json").orElseThrow();
    }

    Optional<JsonNode> expected() {
        return read("expected.json").map(JdtFixture::tree);
    }

    List<String> expectedWarnings() {
        return read("warnings.txt").map(JdtFixture::lines).orElse(List.of());
    }

    List<String> expectedErrorParts() {
        return read("error.txt").map(JdtFixture::lines).orElse(List.of());
    }

    TransformResult apply() {
        return JsonDocumentTransform.apply(source(), transform(), TRANSFORM_NAME);
    }

    /** The transformed tree, checked against {@code expected.json} including the order of keys. */
    JsonNode applyAndCheck() {
        TransformResult result = apply();
        JsonNode actual = tree(result.output());
        JsonNode expected = expected().orElseThrow();
        assertEquals(expected, actual, name + ": output");
        assertSameKeyOrder(expected, actual, "$");
        return actual;
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JsonNode equality ignores key order; the reference keeps the target's order, so check it too. */
    static void assertSameKeyOrder(JsonNode expected, JsonNode actual, String at) {
        if (expected.isObject()) {
            List<String> want = new ArrayList<>();
            List<String> got = new ArrayList<>();
            expected.fieldNames().forEachRemaining(want::add);
            actual.fieldNames().forEachRemaining(got::add);
            assertEquals(want, got, "key order at " + at);
            for (String key : want) {
                assertSameKeyOrder(expected.get(key), actual.get(key), at + "." + key);
            }
        } else if (expected.isArray()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext() && a.hasNext(); i++) {
                assertSameKeyOrder(e.next(), a.next(), at + "[" + i + "]");
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private Optional<String> read(String file) {
        Path path = dir.resolve(file);
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    private static Path root() {
        try {
            return Path.of(JdtFixture.class.getResource("/transform/jdt").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
