package dev.stagehand.core.internal.transform.jdt;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The document being transformed; its root may be swapped by a replace that targets it. */
final class JdtDocument {

    private ObjectNode root;

    JdtDocument(ObjectNode root) {
        this.root = root;
    }

    ObjectNode root() {
        return root;
    }

    void setRoot(ObjectNode root) {
        this.root = root;
    }

    boolean isRoot(NodeRef ref) {
        return ref.node() == root;
    }
}
