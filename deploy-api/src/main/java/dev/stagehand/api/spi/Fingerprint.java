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

    /** Adds a named value. */
    void add(String name, String value);

    /**
     * Adds a package file by its stamps (path, size, modification time): a file changed since the
     * step ran changes the fingerprint, and no file is read to tell.
     */
    void addPackageFile(String relativePath) throws IOException;
}
