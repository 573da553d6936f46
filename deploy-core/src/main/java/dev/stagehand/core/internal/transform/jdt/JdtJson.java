package dev.stagehand.core.internal.transform.jdt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.regex.Pattern;

/**
 * How JDT reads and writes JSON.
 *
 * <p>Reading accepts comments and trailing commas, as the reference (Json.NET) does, since
 * hand-edited settings files often have them. Writing follows Json.NET's {@code Formatting.Indented}
 * so that a transformed file looks the same as one transformed by the reference: two-space indent,
 * {@code "key": value}, one array element per line, {@code {}} and {@code []} when empty, {@code \n}
 * line breaks whatever the platform, no trailing newline. Comments of the source are not kept.
 */
final class JdtJson {

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Pattern SOURCE_DESCRIPTION = Pattern.compile("\\[Source: [^;]*; ");

    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    private JdtJson() {
    }

    static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    static String write(JsonNode node) throws JsonProcessingException {
        return WRITER.writeValueAsString(node);
    }

    /** Jackson's message without the source description it embeds in nested locations. */
    static String reason(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                && String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
            // Jackson's own limit, which keeps a hostile document from overflowing the stack.
            return "it is nested deeper than " + com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_DEPTH
                    + " levels, more than any configuration needs";
        }
        return SOURCE_DESCRIPTION.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("[");
    }

    /** Where the parser stood when it failed, as a {@link TransformPath}; the root when unknown. */
    static TransformPath pathOf(JsonProcessingException e) {
        TransformPath path = TransformPath.ROOT;
        if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
            for (JsonPointer p = parser.getParsingContext().pathAsPointer(); p != null && !p.matches(); p = p.tail()) {
                path = p.getMatchingIndex() >= 0 ? path.index(p.getMatchingIndex()) : path.key(p.getMatchingProperty());
            }
        }
        return path;
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }
}
