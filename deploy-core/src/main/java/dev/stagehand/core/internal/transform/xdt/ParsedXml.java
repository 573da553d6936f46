package dev.stagehand.core.internal.transform.xdt;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A document read by {@link SecureXmlReader} together with its text and where each element's start
 * tag sits in it, so that untouched markup can be written back exactly as it was.
 */
final class ParsedXml {

    /** Offsets of one start tag: {@code text.substring(start, end)} is the tag. */
    record TagSpan(int start, int end, boolean selfClosing) {
    }

    private final String text;
    private final Document document;
    private final Map<Element, TagSpan> tags;
    private final int[] lineStarts;
    private final int rootStart;
    private final int rootEnd;

    ParsedXml(String text, Document document, Map<Element, TagSpan> tags, int[] lineStarts, int rootStart, int rootEnd) {
        this.text = text;
        this.document = document;
        this.tags = tags;
        this.lineStarts = lineStarts;
        this.rootStart = rootStart;
        this.rootEnd = rootEnd;
    }

    String text() {
        return text;
    }

    Document document() {
        return document;
    }

    TagSpan tag(Element element) {
        return tags.get(element);
    }

    /** Everything before the root element: XML declaration, comments, whitespace. */
    String prolog() {
        return rootStart < 0 ? "" : text.substring(0, rootStart);
    }

    /** Everything after the root element's end tag. */
    String epilog() {
        return rootEnd < 0 ? "" : text.substring(rootEnd);
    }

    /** 1-based line of an offset. */
    int line(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        return (index >= 0 ? index : -index - 2) + 1;
    }

    /** 1-based column of an offset. */
    int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    static IdentityHashMap<Element, TagSpan> newTagMap() {
        return new IdentityHashMap<>();
    }
}
