package dev.stagehand.core.engine;

import java.util.List;

/** What the recording handlers of this package saw, for tests in other packages. */
public final class RecordingStepHandlerAccess {

    private RecordingStepHandlerAccess() {
    }

    public static void clear() {
        RecordingStepHandler.RECORD.clear();
    }

    public static List<String> recorded() {
        return List.copyOf(RecordingStepHandler.RECORD);
    }
}
