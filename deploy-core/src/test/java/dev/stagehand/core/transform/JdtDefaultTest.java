package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdtDefaultTest {

    @Test
    void missingKeysAreAppendedAfterTheExistingOnes() {
        JsonNode out = JdtFixture.named("default-add").applyAndCheck();
        assertEquals(List.of("a", "b", "d"), JdtRemoveTest.names(out));
    }

    @Test
    void arraysOnBothSidesAreConcatenated() {
        JdtFixture.named("default-concat").applyAndCheck();
    }

    @Test
    void otherValuesAreReplacedWhereTheyStand() {
        JsonNode out = JdtFixture.named("default-replace").applyAndCheck();
        assertEquals(List.of("a", "b", "d", "e", "f"), JdtRemoveTest.names(out));
    }

    @Test
    void anAddedObjectIsCopiedAsWrittenWithoutRunningItsVerbs() {
        JdtFixture.named("default-adds-verbs-verbatim").applyAndCheck();
    }

    @Test
    void commentsAndTrailingCommasAreAccepted() {
        JdtFixture.named("comments-and-trailing-commas").applyAndCheck();
    }
}
