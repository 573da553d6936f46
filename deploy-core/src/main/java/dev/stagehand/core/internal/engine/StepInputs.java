package dev.stagehand.core.internal.engine;

import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.core.internal.variables.PackageVariables;
import dev.stagehand.core.internal.variables.UndefinedUses;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a step's context is made of, made one way for the engine and the test kit: its attributes
 * and inner elements expanded, the uses of variables without value (a step with any never reaches
 * its handler), and its logger, which masks secrets.
 *
 * @param undefined  one message per use of a variable without value
 * @param attributes the attributes, {@code $(...)} expanded where the variables have values
 * @param children   the inner elements, expanded alike
 * @param log        the step type's logger, secrets masked
 */
public record StepInputs(Set<String> undefined, Attributes attributes, List<XmlElement> children, Logger log) {

    public static StepInputs of(StepDescriptor step, PackageVariables variables, UnaryOperator<String> mask) {
        return new StepInputs(UndefinedUses.of(variables, step), step.attributes().mapValues(variables::expandKnown),
                step.children().stream().map(c -> UndefinedUses.expandKnown(c, variables)).toList(),
                new MaskingLogger(LoggerFactory.getLogger("dev.stagehand.step." + step.type()), mask));
    }
}
