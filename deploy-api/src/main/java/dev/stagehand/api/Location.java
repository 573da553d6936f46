package dev.stagehand.api;

/**
 * Where a problem is: a file with line and column, and/or a package and step.
 * Every part is optional; {@link #toString()} renders what is known, e.g.
 * {@code samples/app/manifest.xml:12:5 (package App@1.0.0, step 3 RunSql)}.
 *
 * @param file         the file, as the user named it (null when not about a file)
 * @param line         1-based line, 0 when unknown
 * @param column       1-based column, 0 when unknown
 * @param packageId    the package id, null when not about a package
 * @param packageVersion the package version, null when unknown
 * @param stepIndex    1-based index of the step in its package, 0 when not about a step
 * @param stepType     the step's type, null when not about a step
 */
public record Location(String file, int line, int column, String packageId, String packageVersion,
                       int stepIndex, String stepType) {

    /** A location that says nothing. */
    public static final Location UNKNOWN = new Location(null, 0, 0, null, null, 0, null);

    /**
     * @param file the file, as the user named it
     * @return the location of a whole file
     */
    public static Location ofFile(String file) {
        return new Location(file, 0, 0, null, null, 0, null);
    }

    /**
     * @param file the file, as the user named it
     * @param line 1-based line, 0 when unknown
     * @param column 1-based column, 0 when unknown
     * @return the location of a place in a file
     */
    public static Location ofFile(String file, int line, int column) {
        return new Location(file, line, column, null, null, 0, null);
    }

    /**
     * @param packageId the package id
     * @param packageVersion the version, null when unknown
     * @return the location of a package as a whole
     */
    public static Location ofPackage(String packageId, String packageVersion) {
        return new Location(null, 0, 0, packageId, packageVersion, 0, null);
    }

    /**
     * This location with the given package added.
     *
     * @param id the package id
     * @param version the version, null when unknown
     * @return a copy with the package
     */
    public Location withPackage(String id, String version) {
        return new Location(file, line, column, id, version, stepIndex, stepType);
    }

    /**
     * This location with the given step added.
     *
     * @param index 1-based index of the step in its package
     * @param type the step's type
     * @return a copy with the step
     */
    public Location withStep(int index, String type) {
        return new Location(file, line, column, packageId, packageVersion, index, type);
    }

    /** {@return true when the location names a file} */
    public boolean hasFile() {
        return file != null;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (file != null) {
            out.append(file);
            if (line > 0) {
                out.append(':').append(line);
                if (column > 0) {
                    out.append(':').append(column);
                }
            }
        }
        StringBuilder context = new StringBuilder();
        if (packageId != null) {
            context.append("package ").append(packageId);
            if (packageVersion != null) {
                context.append('@').append(packageVersion);
            }
        }
        if (stepIndex > 0 || stepType != null) {
            if (context.length() > 0) {
                context.append(", ");
            }
            context.append("step");
            if (stepIndex > 0) {
                context.append(' ').append(stepIndex);
            }
            if (stepType != null) {
                context.append(' ').append(stepType);
            }
        }
        if (context.length() > 0) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append('(').append(context).append(')');
        }
        return out.length() == 0 ? "(unknown location)" : out.toString();
    }
}
