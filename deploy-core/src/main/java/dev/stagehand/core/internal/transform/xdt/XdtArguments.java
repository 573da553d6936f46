package dev.stagehand.core.internal.transform.xdt;

import java.util.ArrayList;
import java.util.List;

/** The arguments of {@code Name(a, b)} in xdt:Transform and xdt:Locator values. */
final class XdtArguments {

    private XdtArguments() {
    }

    /**
     * Splits on commas that are outside parentheses and trims each part, so that
     * {@code Condition(contains(@a, 'x'))} keeps one argument. Quotes are not special, as in the reference.
     */
    static List<String> split(String arguments) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(arguments.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(arguments.substring(start).trim());
        return parts;
    }
}
