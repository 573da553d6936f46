package dev.stagehand.core.internal.content;

import dev.stagehand.core.internal.packages.SafePaths;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code contentPath} value: globs separated by {@code ;} or by {@code ,} outside braces,
 * each of which includes, or excludes when it starts with {@code !}. Globs follow
 * {@code java.nio} "glob:" rules, except that {@code **}{@code /} also matches no folder at
 * all, as in minimatch, so {@code **}{@code /*.sql} finds {@code a.sql} at the root.
 */
public final class ContentPattern {

    /** How many {@code **}{@code /} one part may hold: each doubles the globs it stands for. */
    static final int MAX_ANY_FOLDERS = 8;
    /**
     * How many {@code *} one folder or file name of a glob may hold: the JDK turns a glob into a
     * backtracking regex, whose time grows with the name's length to the power of the stars.
     */
    static final int MAX_STARS_PER_NAME = 3;
    /** The longest file or folder name there is (255 on every common file system). */
    static final int MAX_NAME_LENGTH = 255;

    /** Patterns parsed already: a plan checks the same few patterns of thousands of steps. */
    private static final java.util.Map<String, ContentPattern> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PARSED_LIMIT = 10_000;

    private final String text;
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;

    private ContentPattern(String text, List<PathMatcher> includes, List<PathMatcher> excludes) {
        this.text = text;
        this.includes = includes;
        this.excludes = excludes;
    }

    /**
     * @throws IllegalArgumentException naming the pattern when one part is empty of globs, is not
     *                                  a glob, or would reach outside the package ({@code ..}, absolute)
     */
    public static ContentPattern parse(String text) {
        ContentPattern known = PARSED.get(text);
        if (known != null) {
            return known;
        }
        ContentPattern parsed = parseNew(text);
        if (PARSED.size() >= PARSED_LIMIT) {
            PARSED.clear();
        }
        PARSED.put(text, parsed);
        return parsed;
    }

    /** Matchers and the pattern are immutable: one parse serves every caller. */
    private static ContentPattern parseNew(String text) {
        FileSystem fs = FileSystems.getDefault();
        List<PathMatcher> includes = new ArrayList<>();
        List<PathMatcher> excludes = new ArrayList<>();
        for (String part : split(text)) {
            boolean exclude = part.startsWith("!");
            String glob = normalised(exclude ? part.substring(1).trim() : part, part, text);
            for (String name : glob.split("/")) {
                if (!name.equals("**") && name.chars().filter(c -> c == '*').count() > MAX_STARS_PER_NAME) {
                    throw new IllegalArgumentException("content pattern '" + text + "' has more than "
                            + MAX_STARS_PER_NAME + " '*' in the name '" + name + "'");
                }
            }
            for (String variant : zeroFolderVariants(glob)) {
                try {
                    (exclude ? excludes : includes).add(fs.getPathMatcher("glob:" + variant));
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new IllegalArgumentException("content pattern '" + text + "' is not a valid glob: "
                            + e.getDescription() + " in '" + part + "'", e);
                }
            }
        }
        if (includes.isEmpty() && excludes.isEmpty()) {
            throw new IllegalArgumentException("content pattern '" + text + "' names no files");
        }
        return new ContentPattern(text, includes, excludes);
    }

    /**
     * The one path a pattern names when it holds no glob, list or exclusion (normalised as a
     * glob is); empty otherwise.
     *
     * @throws IllegalArgumentException naming the pattern when it would reach outside the package
     */
    public static Optional<String> literal(String text) {
        String path = text.trim();
        if (path.isEmpty() || path.chars().anyMatch(ch -> "*?{}[];,!".indexOf(ch) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(normalised(path, path, text));
    }

    /** A part with {@code /} separators and no leading {@code ./}, refused when it would leave the package. */
    private static String normalised(String glob, String part, String text) {
        // Packages are built on Windows too; a backslash there is a separator, never an escape.
        String path = glob.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        Optional<String> escape = SafePaths.escapeReason(path);
        if (escape.isPresent()) {
            throw new IllegalArgumentException("content pattern '" + part + "'" + (part.equals(text.trim()) ? ""
                    : " in '" + text + "'") + " is refused: " + escape.get());
        }
        return path;
    }

    /** The parts of the pattern, split at {@code ;} and at {@code ,} outside braces. */
    static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            }
            if (c == ';' || (c == ',' && depth == 0)) {
                addPart(parts, current);
            } else {
                current.append(c);
            }
        }
        addPart(parts, current);
        return parts;
    }

    private static void addPart(List<String> parts, StringBuilder current) {
        String part = current.toString().trim();
        if (!part.isEmpty()) {
            parts.add(part);
        }
        current.setLength(0);
    }

    /**
     * The glob and every form of it with some {@code **}{@code /} removed: java.nio's
     * {@code **}{@code /} needs at least one folder, minimatch's does not.
     */
    static List<String> zeroFolderVariants(String glob) {
        // Each **/ doubles the variants: repeats mean nothing more, and real patterns hold a few.
        String collapsed = glob;
        while (collapsed.contains("**/**/")) {
            collapsed = collapsed.replace("**/**/", "**/");
        }
        int anyFolders = 0;
        for (int at = collapsed.indexOf("**/"); at >= 0; at = collapsed.indexOf("**/", at + 1)) {
            anyFolders++;
        }
        if (anyFolders > MAX_ANY_FOLDERS) {
            throw new IllegalArgumentException("content pattern '" + glob + "' holds " + anyFolders
                    + " '**/' parts; at most " + MAX_ANY_FOLDERS + " are allowed");
        }
        java.util.Set<String> variants = new java.util.LinkedHashSet<>();
        variants.add(collapsed);
        List<String> todo = new ArrayList<>(variants);
        for (int i = 0; i < todo.size(); i++) {
            String variant = todo.get(i);
            int at = -1;
            while ((at = variant.indexOf("**/", at + 1)) >= 0) {
                if (at == 0 || variant.charAt(at - 1) == '/') {
                    String shorter = variant.substring(0, at) + variant.substring(at + 3);
                    if (!shorter.isEmpty() && variants.add(shorter)) {
                        todo.add(shorter);
                    }
                }
            }
        }
        return List.copyOf(variants);
    }

    /**
     * Whether a file, given relative to the package root, is picked; never a path that leaves the
     * root (absolute, or climbing with {@code ..}), which an exclusions-only pattern would otherwise take.
     */
    public boolean matches(Path relative) {
        if (relative.isAbsolute() || relative.normalize().startsWith("..")) {
            return false;
        }
        for (Path name : relative) {
            if (name.toString().length() > MAX_NAME_LENGTH) {
                // No file system keeps such a name; the JDK's glob regex would backtrack over it for ages.
                return false;
            }
        }
        boolean included = includes.isEmpty();
        for (PathMatcher include : includes) {
            if (include.matches(relative)) {
                included = true;
                break;
            }
        }
        if (!included) {
            return false;
        }
        for (PathMatcher exclude : excludes) {
            if (exclude.matches(relative)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
