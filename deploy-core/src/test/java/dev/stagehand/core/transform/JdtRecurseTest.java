package dev.stagehand.core.transform;

import org.junit.jupiter.api.Test;

class JdtRecurseTest {

    @Test
    void objectsPresentOnBothSidesAreTransformedDepthFirst() {
        JdtFixture.named("recurse").applyAndCheck();
    }

    @Test
    void verbsRunRemoveReplaceRenameMergeThenDefaultWhateverTheirOrderInTheFile() {
        JdtFixture.named("verb-order").applyAndCheck();
    }
}
