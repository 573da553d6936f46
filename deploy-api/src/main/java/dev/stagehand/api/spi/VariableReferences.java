package dev.stagehand.api.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one reading of {@code $(Name)} references in text: {@code $(Name)} refers to a variable,
 * {@code $$(} stands for a literal {@code $(}, and an unclosed {@code $(} is left as written.
 */
public final class VariableReferences {

    private VariableReferences() {
    }

    /**
     * The names {@code text} refers to, in order ({@code $$(} escapes excluded).
     *
     * @param text any text; null gives nothing
     * @return the names, as written
     */
    public static List<String> in(String text) {
        if (text == null || text.indexOf("$(") < 0) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        int i = 0;
        while ((i = text.indexOf("$(", i)) >= 0) {
            if (i > 0 && text.charAt(i - 1) == '$') {
                i += 2;
                continue;
            }
            int end = text.indexOf(')', i + 2);
            if (end < 0) {
                break;
            }
            found.add(text.substring(i + 2, end));
            i = end + 1;
        }
        return found;
    }

    /**
     * The name when {@code text} (trimmed) is one reference and nothing else: {@code $(A)} gives
     * {@code A}; {@code $(A)$(B)}, {@code x$(A)}, {@code $$(A)} and plain text give nothing.
     *
     * @param text any text
     * @return the one name; empty when the text is anything else
     */
    public static Optional<String> whole(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        return t.startsWith("$(") && t.indexOf(')') == t.length() - 1 && t.length() > 3
                ? Optional.of(t.substring(2, t.length() - 1)) : Optional.empty();
    }

    /**
     * Replaces each {@code $(Name)} with {@code lookup(Name)}; a name without a value gets what
     * {@code undefined} returns for it (or {@code undefined} throws).
     *
     * @param text the text; null is returned as is
     * @param lookup a name's value, empty when it has none
     * @param undefined what a name without a value becomes; may throw instead
     * @return the expanded text
     */
    public static String expand(String text, Function<String, Optional<String>> lookup,
                                Function<String, String> undefined) {
        if (text == null || text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$$(", i)) {
                out.append("$(");
                i += 3;
            } else if (c == '$' && text.startsWith("$(", i)) {
                int end = text.indexOf(')', i + 2);
                if (end < 0) {
                    out.append(text, i, n);
                    break;
                }
                String name = text.substring(i + 2, end);
                out.append(lookup.apply(name).orElseGet(() -> undefined.apply(name)));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
