package dev.stagehand.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VariableReferencesTest {

    @Test
    void theNamesOfATextAreItsReferencesInOrderWithoutEscapesOrAnUnclosedOne() {
        assertEquals(List.of("A", "B.C"), VariableReferences.in("x $(A) y $(B.C) $$(Literal) $(Open"));
        assertEquals(List.of(), VariableReferences.in("no references"));
        assertEquals(List.of(), VariableReferences.in(null));
    }

    @Test
    void expandingReplacesEachReferenceKeepsEscapesAsALiteralAndAsksForWhatIsUndefined() {
        Map<String, String> values = Map.of("A", "1", "B", "two");

        assertEquals("1-two $(A) $(Open", VariableReferences.expand("$(A)-$(B) $$(A) $(Open",
                name -> Optional.ofNullable(values.get(name)), name -> "?"));
        assertEquals("1 <Missing>", VariableReferences.expand("$(A) $(Missing)",
                name -> Optional.ofNullable(values.get(name)), name -> "<" + name + ">"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VariableReferences.expand(
                "$(Missing)", name -> Optional.empty(), name -> {
                    throw new IllegalStateException(name + " is not set");
                }));
        assertEquals("Missing is not set", e.getMessage());
    }

    @Test
    void aWholeReferenceIsOneReferenceAndNothingElse() {
        assertEquals(Optional.of("Product.Database.Online"), VariableReferences.whole(" $(Product.Database.Online) "));
        assertEquals(Optional.empty(), VariableReferences.whole("$(A)$(B)"));
        assertEquals(Optional.empty(), VariableReferences.whole("$(A) and $(B)"));
        assertEquals(Optional.empty(), VariableReferences.whole("x$(A)"));
        assertEquals(Optional.empty(), VariableReferences.whole("$$(A)"));
        assertEquals(Optional.empty(), VariableReferences.whole("$()"));
        assertEquals(Optional.empty(), VariableReferences.whole("Online"));
        assertEquals(Optional.empty(), VariableReferences.whole(null));
    }
}
