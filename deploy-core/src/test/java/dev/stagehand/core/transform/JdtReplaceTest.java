package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdtReplaceTest {

    @Test
    void replaceWithAScalarReplacesTheNodeItStandsOn() {
        assertEquals(42, JdtFixture.named("replace-with-value").applyAndCheck().get("a").asInt());
    }

    @Test
    void replaceWithAnObjectWithoutAttributesReplacesTheWholeNode() {
        JsonNode a = JdtFixture.named("replace-with-object").applyAndCheck().get("a");
        assertEquals(List.of("x"), JdtRemoveTest.names(a));
    }

    @Test
    void replaceOfTheRootWithAnObjectIsAllowedAndEndsTheLevel() {
        JsonNode out = JdtFixture.named("replace-root-with-object").applyAndCheck();
        assertFalse(out.has("ignored"));
    }

    @Test
    void replaceByPathReplacesEveryMatchKeepingItsPosition() {
        JsonNode target = JdtFixture.named("replace-by-path").applyAndCheck().get("settings").get("targets").get(0);
        assertEquals(List.of("name", "enabled", "port"), JdtRemoveTest.names(target));
    }

    @Test
    void replaceWithAnArrayOfPathObjectsAppliesEachInTurn() {
        JdtFixture.named("replace-per-element").applyAndCheck();
    }

    @Test
    void replaceWithADoubleWrappedArrayPutsTheInnerArrayInPlace() {
        JsonNode list = JdtFixture.named("replace-double-wrapped-array").applyAndCheck().get("list");
        assertEquals(2, list.size());
        assertEquals("a", list.get(0).asText());
    }
}
