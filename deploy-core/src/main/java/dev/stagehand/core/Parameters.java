package dev.stagehand.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import dev.stagehand.api.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code parameters.json}: a flat JSON object of variable name to value. Strings,
 * numbers and booleans are taken as text; anything else is an error naming the key, line and
 * column, and so are two names that differ only in case (variables match ignoring case) and a
 * value longer than {@link #MAX_VALUE_LENGTH} characters.
 */
public final class Parameters {

    /** The longest value taken: a certificate fits many times over; a runaway file does not. */
    public static final int MAX_VALUE_LENGTH = 1 << 20;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_VALUE_LENGTH)
                    .maxNameLength(4096).maxNumberLength(1000).maxNestingDepth(100).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private Parameters() {
    }

    /**
     * The parameters in file order.
     *
     * @param file the parameters file
     * @return name to value
     * @throws IOException when the file cannot be read
     */
    public static Map<String, String> read(Path file) throws IOException {
        String display = PackageReader.displayName(file);
        if (!Files.isRegularFile(file)) {
            throw new ManifestException("no such parameters file", Location.ofFile(display));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, display);
        }
    }

    /**
     * Reads parameters from a stream; {@code displayName} names it in errors.
     *
     * @param in the file's bytes, not closed
     * @param displayName the file's name in errors
     * @return name to value
     * @throws IOException when the stream fails
     */
    public static Map<String, String> read(InputStream in, String displayName) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> byLowerCase = new java.util.HashMap<>();
        List<Problem> problems = new ArrayList<>();
        // The key being read, for an error the parser reports without a location of its own.
        String[] key = {null};
        JsonLocation[] keyAt = {null};
        try (JsonParser parser = JSON.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new ManifestException("parameters must be a JSON object of name to value",
                        at(displayName, parser.currentTokenLocation()));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                key[0] = name;
                keyAt[0] = parser.currentTokenLocation();
                String earlier = byLowerCase.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), name);
                if (earlier != null && !earlier.equals(name)) {
                    problems.add(Problem.error("'" + name + "' differs from '" + earlier + "' only in case; variable"
                            + " names match ignoring case, so which value is meant would be a guess",
                            at(displayName, parser.currentTokenLocation())));
                }
                JsonToken value = parser.nextToken();
                switch (value) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
                            values.put(name, parser.getText());
                    case VALUE_NULL -> problems.add(Problem.error("'" + name + "' is null; give a value or leave it out",
                            at(displayName, parser.currentTokenLocation())));
                    default -> {
                        problems.add(Problem.error("'" + name + "' is " + (value == JsonToken.START_ARRAY ? "an array"
                                : "an object") + "; parameters are a flat object of strings, numbers and booleans",
                                at(displayName, parser.currentTokenLocation())));
                        parser.skipChildren();
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw new ManifestException("unexpected content after the parameters object",
                        at(displayName, parser.currentTokenLocation()));
            }
        } catch (StreamConstraintsException e) {
            throw new ManifestException((key[0] == null ? "a value" : "the value of '" + key[0] + "'")
                    + " is too long: parameters hold at most " + MAX_VALUE_LENGTH + " characters per value",
                    at(displayName, e.getLocation() != null ? e.getLocation() : keyAt[0]));
        } catch (JsonParseException e) {
            // The parser quotes the offending token, which may be an unquoted password: keep it out.
            String reason = e.getOriginalMessage().replaceAll("(?i)(token )'[^']*'", "$1'…'");
            throw new ManifestException("not valid JSON: " + reason.lines().findFirst().orElse(""),
                    at(displayName, e.getLocation()));
        } catch (java.io.CharConversionException e) {
            // Bytes that are no text in the encoding the parser detected (UTF-8, UTF-16 or UTF-32).
            throw new ManifestException("not valid JSON text: " + e.getMessage() + "; save the file as UTF-8",
                    Location.ofFile(displayName));
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * Writes {@code values} as a parameters.json that {@link #read(Path)} reads back, readable and
     * writable by its owner only (it may hold passwords): the file is made with those permissions
     * before anything is written to it, then moved into place.
     *
     * @param file   the parameters.json to write
     * @param values the values, in the order to write them
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, String> values) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, ".parameters-", ".tmp");
        try {
            dev.stagehand.core.internal.engine.StateFolders.ownerOnly(temporary);
            try (var out = Files.newOutputStream(temporary);
                 com.fasterxml.jackson.core.JsonGenerator json = JsonFactory.builder().build().createGenerator(out)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                for (Map.Entry<String, String> e : values.entrySet()) {
                    json.writeStringField(e.getKey(), e.getValue());
                }
                json.writeEndObject();
            }
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Location at(String file, JsonLocation location) {
        return location == null ? Location.ofFile(file)
                : Location.ofFile(file, location.getLineNr(), location.getColumnNr());
    }
}
