package dev.stagehand.core.transform;
import dev.stagehand.api.Problem;
import java.util.List;
/** The transformed document and the warnings met on the way. @param output the transformed document's text @param warnings warnings, each naming the transform file and the place in it */
public record TransformResult(String output, List<Problem> warnings) {
    /**
     * Copies the warnings, so that the result stays unchanged.
     *
     * @param warnings warnings, each naming the transform file and the place in it
     * @param output the transformed document's text
     */
    public TransformResult { warnings = List.copyOf(warnings); }
}
