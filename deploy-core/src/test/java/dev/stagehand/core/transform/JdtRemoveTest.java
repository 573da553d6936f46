package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdtRemoveTest {

    @Test
    void removeByKeyDeletesThePropertyAtEachLevel() {
        JsonNode out = JdtFixture.named("remove-by-key").applyAndCheck();
        assertFalse(out.has("a"));
        assertFalse(out.get("b").has("c"));
    }

    @Test
    void removeWithAnArrayOfNamesRemovesEachOne() {
        JsonNode out = JdtFixture.named("remove-per-element").applyAndCheck();
        assertEquals(List.of("b"), names(out));
    }

    @Test
    void removeTrueLeavesTheKeyWithNullAndSkipsTheRestOfThatLevel() {
        JsonNode out = JdtFixture.named("remove-true-nulls-node").applyAndCheck();
        assertTrue(out.has("drop"));
        assertTrue(out.get("drop").isNull());
    }

    @Test
    void removeTrueOnAnArrayElementLeavesNullInItsPlace() {
        JsonNode items = JdtFixture.named("remove-true-in-array-element").applyAndCheck().get("items");
        assertEquals(3, items.size());
        assertTrue(items.get(1).isNull());
    }

    @Test
    void removeFalseChangesNothing() {
        JdtFixture.named("remove-false-does-nothing").applyAndCheck();
    }

    @Test
    void removeByPathDeletesEveryMatchingArrayElement() {
        JsonNode out = JdtFixture.named("remove-by-path").applyAndCheck();
        List<String> left = new ArrayList<>();
        out.get("servers").forEach(s -> left.add(s.get("name").asText()));
        assertEquals(List.of("b", "d"), left);
        assertFalse(out.has("other"));
    }

    @Test
    void removeByPathHandlesQuotesInPropertyNames() {
        JdtFixture.named("path-with-quoted-name").applyAndCheck();
    }

    @Test
    void seedExampleRemovesOnePackageAndAppendsAnother() {
        JsonNode available = JdtFixture.named("seed-example").applyAndCheck().get("packages").get("available");
        List<String> packages = new ArrayList<>();
        available.forEach(p -> packages.add(p.asText()));
        assertEquals(List.of("cmf.core.shell", "cmf.core.business.controls", "cmf.core.controls", "cmf.newavailablepackage"),
                packages);
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
