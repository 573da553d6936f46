package dev.stagehand.core.transform;

import dev.stagehand.core.internal.transform.jdt.JdtEngine;

/**
 * JSON Document Transforms (JDT): changes a JSON document with a transform file of {@code @jdt.}
 * verbs, with the behaviour of Microsoft's reference implementation (microsoft/json-document-transforms).
 *
 * <p>The output is indented by two spaces the way the reference writes it ({@code "key": value},
 * one array element per line, {@code \n} line breaks, no trailing newline); the keys of the
 * document keep their order and new keys are appended. Comments in either input are accepted and
 * not kept.
 */
public final class JsonDocumentTransform {

    private JsonDocumentTransform() {
    }

    /**
     * Applies {@code transformJson} to {@code sourceJson}.
     *
     * @param sourceJson    the document to transform; must be a JSON object
     * @param transformJson the transform; must be a JSON object
     * @param transformName the transform file's name, used in the location of every warning and error
     * @return the transformed document and the warnings (paths matching nothing, missing keys)
     * @throws TransformException when either input is not valid JSON, or the transform is invalid or
     *                            cannot be applied; its location and message name the place in the transform
     */
    public static TransformResult apply(String sourceJson, String transformJson, String transformName) {
        return JdtEngine.apply(sourceJson, transformJson, transformName);
    }
}
