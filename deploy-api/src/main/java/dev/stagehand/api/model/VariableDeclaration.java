package dev.stagehand.api.model;

import dev.stagehand.api.Location;
import java.util.Arrays;
import java.util.List;

/**
 * A variable a package asks its user for, as its UI metadata declares it.
 *
 * @param name         the name used in {@code $(name)}
 * @param order        position within its group or wizard step
 * @param label        the label shown next to the input
 * @param defaultValue the default, null when none
 * @param required     {@code isRequired}
 * @param readOnly     {@code readOnly}
 * @param valueType    the type its value must fit
 * @param placeholder  the placeholder (for {@link ValueType#CHOICE}, the choices split by {@code |}); null when none
 * @param location     where it is declared
 */
public record VariableDeclaration(String name, int order, String label, String defaultValue, boolean required,
                                  boolean readOnly, ValueType valueType, String placeholder, Location location) {

    /** {@return the allowed values of a Choice variable (empty for other types)} */
    public List<String> choices() {
        if (valueType != ValueType.CHOICE || placeholder == null || placeholder.isBlank()) {
            return List.of();
        }
        return Arrays.stream(placeholder.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@return true when the value must never be shown: a Password variable} */
    public boolean isSecret() {
        return valueType.isSecret();
    }
}
