package dev.stagehand.core.internal.engine;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.spi.PackageContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a handler does something in: the stages whose method it overrides (all of them when it
 * overrides {@link StepHandler#run}), and whether it acts after a package's stage. The engine
 * calls a handler only there, so a deployment of a thousand RunSql steps does not make seven
 * thousand empty calls and journal three thousand empty stage completions.
 */
final class StageSupport {

    private static final Map<Class<?>, Set<PipelineStage>> STAGES = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Boolean> AFTER_PACKAGE = new ConcurrentHashMap<>();

    private StageSupport() {
    }

    static Set<PipelineStage> stages(StepHandler handler) {
        return STAGES.computeIfAbsent(handler.getClass(), StageSupport::stagesOf);
    }

    static boolean actsAfterPackage(StepHandler handler) {
        return AFTER_PACKAGE.computeIfAbsent(handler.getClass(),
                type -> overrides(type, "afterPackage", PipelineStage.class, PackageContext.class));
    }

    private static Set<PipelineStage> stagesOf(Class<?> type) {
        if (overrides(type, "run", PipelineStage.class, StepContext.class)) {
            return EnumSet.allOf(PipelineStage.class);
        }
        Set<PipelineStage> stages = EnumSet.noneOf(PipelineStage.class);
        for (PipelineStage stage : PipelineStage.values()) {
            if (overrides(type, stage.displayName().toLowerCase(Locale.ROOT), StepContext.class)) {
                stages.add(stage);
            }
        }
        return stages;
    }

    private static boolean overrides(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters).getDeclaringClass() != StepHandler.class;
        } catch (NoSuchMethodException e) {
            // Every method asked for is declared by StepHandler; a class without it is not a handler.
            return true;
        }
    }
}
