package dev.stagehand.cli;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON form of problems, shared by every command's {@code --json} output. */
final class JsonProblems {

    private JsonProblems() {
    }

    /** {@code {"severity","message","file","line","column","package","version","step","stepType"}}, absent parts left out. */
    static Map<String, Object> toMap(Problem problem) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("severity", problem.severity().name().toLowerCase(Locale.ROOT));
        map.put("message", problem.message());
        map.putAll(toMap(problem.location()));
        return map;
    }

    /** {@code {"file","line","column","package","version","step","stepType"}}, absent parts left out. */
    static Map<String, Object> toMap(Location l) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (l.file() != null) {
            map.put("file", l.file());
        }
        if (l.line() > 0) {
            map.put("line", l.line());
        }
        if (l.column() > 0) {
            map.put("column", l.column());
        }
        if (l.packageId() != null) {
            map.put("package", l.packageId());
        }
        if (l.packageVersion() != null) {
            map.put("version", l.packageVersion());
        }
        if (l.stepIndex() > 0) {
            map.put("step", l.stepIndex());
        }
        if (l.stepType() != null) {
            map.put("stepType", l.stepType());
        }
        return map;
    }
}
