package dev.stagehand.api.spi;

import java.io.IOException;

/**
 * The inputs of a step, hashed with a key kept in the state folder, so a resumed deployment can
 * tell whether a completed step would now do something else. The engine adds the step's expanded
 * attributes and inner elements, the values of the variables they use, and the package files its
 * {@code contentPath} names; a handler adds what else its work depends on
 * ({@link StepHandler#fingerprint}). A secret goes in only through the keyed hash, so the
 * fingerprint reveals nothing about it.
 */
public interface Fingerprint {

    /**
     * Adds a named value.
     *
     * @param name what the value is, so that two values never run together
     * @param value the value; it goes in only through the keyed hash
     */
    void add(String name, String value);

    /**
     * Adds a package file: a file of the package by its stamps (size, modification time; a zipped
     * package's files keep their entries' times), so no unchanged file is read to tell; a copy this
     * run made of it (TaggedFile's) by its content, since the copy is made anew by every run.
     *
     * @param relativePath a path relative to the package root, with {@code /}
     * @throws IOException when the file cannot be read
     */
    void addPackageFile(String relativePath) throws IOException;

    /**
     * Adds the values of the variables {@code text} refers to as {@code $(Name)}: for a step whose
     * files get their tokens replaced ({@code replaceTokens}, {@code tagFile}), so that a changed
     * value runs it again.
     *
     * @param text text with {@code $(Name)} references
     */
    void addVariablesUsedIn(String text);

    /**
     * Adds the values of the variables a package file refers to (read as text, its BOM or UTF-8
     * telling the charset): for a step that replaces the file's tokens. A file that is not there
     * adds nothing; Validate reports it.
     *
     * @param relativePath a path relative to the package root, with {@code /}
     * @throws IOException when the file cannot be read
     */
    void addVariablesUsedInFile(String relativePath) throws IOException;
}
