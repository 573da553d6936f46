package dev.stagehand.core.internal.transform.xdt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class XdtArgumentsTest {

    @Test
    void argumentsSplitOnCommasOutsideParenthesesAndAreTrimmed() {
        assertEquals(List.of("name", "providerName"), XdtArguments.split(" name ,  providerName "));
        assertEquals(List.of("contains(@a, 'x') or starts-with(@b, 'y')", "z"),
                XdtArguments.split("contains(@a, 'x') or starts-with(@b, 'y'), z"));
        assertEquals(List.of("@key='a'"), XdtArguments.split("  @key='a'  "));
    }
}
