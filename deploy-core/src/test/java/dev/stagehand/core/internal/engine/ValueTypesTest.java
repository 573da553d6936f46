package dev.stagehand.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagehand.api.Location;
import dev.stagehand.api.model.ValueType;
import dev.stagehand.api.model.VariableDeclaration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    private static Optional<String> check(ValueType type, String value) {
        return ValueTypes.problem(new VariableDeclaration("Product.Flag", 0, "Flag", null, false, false, type, null,
                Location.UNKNOWN), value);
    }

    @Test
    void aBooleanVariableAcceptsEverySpellingAStepsFlagAccepts() {
        for (String value : new String[] {"true", "FALSE", " yes ", "No", "1", "0"}) {
            assertEquals(Optional.empty(), check(ValueType.BOOLEAN, value), value);
        }
        assertEquals(Optional.of("is not true or false (nor yes/no, 1/0)"), check(ValueType.BOOLEAN, "maybe"));
    }
}
