package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdtMergeTest {

    @Test
    void mergeWithAnObjectAppliesItAsANestedTransform() {
        JdtFixture.named("merge-object").applyAndCheck();
    }

    @Test
    void mergeByPathOfObjectIntoObjectMergesRecursively() {
        JsonNode main = JdtFixture.named("merge-path-object").applyAndCheck().get("db").get("main");
        assertEquals(List.of("host", "port", "user"), JdtRemoveTest.names(main));
        assertEquals(2, main.get("port").asInt());
    }

    @Test
    void mergeByPathOfArrayIntoArrayConcatenates() {
        assertEquals(4, JdtFixture.named("merge-path-array").applyAndCheck().get("list").size());
    }

    @Test
    void mergeByPathOfMismatchedOrScalarValuesReplaces() {
        JsonNode out = JdtFixture.named("merge-path-scalar").applyAndCheck();
        assertEquals("new", out.get("a").get("b").asText());
        assertEquals("not an array", out.get("c").asText());
    }

    @Test
    void mergeByPathRunsTheVerbsInsideTheValueOnEachMatch() {
        JdtFixture.named("merge-path-value-with-verbs").applyAndCheck();
    }
}
