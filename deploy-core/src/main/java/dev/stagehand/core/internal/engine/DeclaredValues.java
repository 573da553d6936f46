package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Problem;
import dev.stagehand.api.model.VariableDeclaration;
import java.util.Optional;

/**
 * Whether a value satisfies its UI declaration ({@code isRequired}, {@code valueType}): one check
 * shared by the Validate stage and the validation API behind the wizard and the prompts.
 */
public final class DeclaredValues {

    private DeclaredValues() {
    }

    /** The problem with {@code value} (null or empty: none given), located at the declaration; empty when it fits. */
    public static Optional<Problem> problem(VariableDeclaration d, String value) {
        String label = d.label() == null || d.label().equals(d.name()) ? "" : " (" + d.label() + ")";
        if (value == null || value.isEmpty()) {
            return d.required() ? Optional.of(Problem.error("variable " + d.name() + label
                    + " is required and has no value", d.location())) : Optional.empty();
        }
        return ValueTypes.problem(d, value).map(why -> Problem.error("variable " + d.name() + label + " "
                + (d.isSecret() ? "(value hidden)" : "'" + value + "'") + " " + why, d.location()));
    }
}
