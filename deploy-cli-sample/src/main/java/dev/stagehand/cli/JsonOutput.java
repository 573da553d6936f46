package dev.stagehand.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stagehand.api.event.DeploymentListener;
import java.io.PrintWriter;

/** JSON for tools: events one object per line, with a {@code type} field naming the event. */
final class JsonOutput {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private JsonOutput() {
    }

    static DeploymentListener events(PrintWriter out) {
        return event -> {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("type", event.getClass().getSimpleName());
            node.setAll((ObjectNode) MAPPER.valueToTree(event));
            synchronized (out) {
                out.println(node);
                out.flush();
            }
        };
    }

    static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
