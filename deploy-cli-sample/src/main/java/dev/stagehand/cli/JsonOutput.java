package dev.stagehand.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentListener;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The one JSON setup of every command: a document (a plan, a report) pretty-printed, an event
 * one compact object per line with a {@code type} field naming it, times as ISO-8601 text. A stage
 * is written as manifests write it ({@code Execute}), a problem and a location in the flat form of
 * {@link JsonProblems}, wherever they appear.
 */
final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(forms()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private JsonOutput() {
    }

    /** A whole document, indented for people who read it. */
    static String document(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One object on one line, for streams of events that tools read line by line. */
    static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SimpleModule forms() {
        SimpleModule module = new SimpleModule("stagehand-forms");
        module.addSerializer(PipelineStage.class, new StdSerializer<>(PipelineStage.class) {
            @Override
            public void serialize(PipelineStage stage, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeString(stage.displayName());
            }
        });
        module.addSerializer(Problem.class, new StdSerializer<>(Problem.class) {
            @Override
            public void serialize(Problem problem, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                provider.defaultSerializeValue(JsonProblems.toMap(problem), json);
            }
        });
        module.addSerializer(Location.class, new StdSerializer<>(Location.class) {
            @Override
            public void serialize(Location location, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                provider.defaultSerializeValue(JsonProblems.toMap(location), json);
            }
        });
        return module;
    }

    /** Prints every event as a line. */
    static DeploymentListener events(PrintWriter out) {
        return events(out, null);
    }

    /**
     * Prints every event of one target's deployment as a line, its {@code target} field naming the
     * target (none when null), so that the events of targets running at once can be told apart.
     */
    static DeploymentListener events(PrintWriter out, String target) {
        return event -> {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("type", event.getClass().getSimpleName());
            if (target != null) {
                node.put("target", target);
            }
            node.setAll((ObjectNode) MAPPER.valueToTree(event));
            synchronized (out) {
                out.println(node);
                out.flush();
            }
        };
    }
}
