package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdtRenameTest {

    @Test
    void renameMapGivesEachKeyItsNewNameInItsOldPosition() {
        JsonNode out = JdtFixture.named("rename-map").applyAndCheck();
        assertEquals(List.of("alpha", "beta", "d"), JdtRemoveTest.names(out));
    }

    @Test
    void renameByPathRenamesEveryMatchingProperty() {
        JsonNode out = JdtFixture.named("rename-by-path").applyAndCheck();
        assertEquals(List.of("new", "k"), JdtRemoveTest.names(out.get("list").get(1)));
    }

    @Test
    void renamesApplyInTheOrderWritten() {
        JdtFixture.named("rename-chain").applyAndCheck();
    }
}
