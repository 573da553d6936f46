package dev.stagehand.core.internal.transform.jdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a node sits in the transform document, written as a JSONPath such as
 * {@code $.packages['@jdt.remove'][0]}. Built as a linked list so that walking the transform costs
 * nothing until a message actually needs the text.
 */
final class TransformPath {

    static final TransformPath ROOT = new TransformPath(null, null, -1);

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final TransformPath parent;
    private final String key;
    private final int index;

    private TransformPath(TransformPath parent, String key, int index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    TransformPath key(String name) {
        return new TransformPath(this, name, -1);
    }

    TransformPath index(int position) {
        return new TransformPath(this, null, position);
    }

    /** The steps from the root, each a {@code String} key or an {@code Integer} index. */
    List<Object> segments() {
        List<Object> out = new ArrayList<>();
        for (TransformPath p = this; p.parent != null; p = p.parent) {
            out.add(p.key != null ? p.key : Integer.valueOf(p.index));
        }
        Collections.reverse(out);
        return out;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("$");
        for (Object segment : segments()) {
            if (segment instanceof Integer i) {
                out.append('[').append(i).append(']');
            } else if (PLAIN_NAME.matcher((String) segment).matches()) {
                out.append('.').append(segment);
            } else {
                out.append("['").append(((String) segment).replace("\\", "\\\\").replace("'", "\\'")).append("']");
            }
        }
        return out.toString();
    }
}
