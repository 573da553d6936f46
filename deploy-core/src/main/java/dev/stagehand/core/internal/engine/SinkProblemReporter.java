package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.spi.ProblemReporter;
import java.util.function.Consumer;

/** Hands every problem to a sink, at the given default location unless the handler names one. */
public record SinkProblemReporter(Location where, Consumer<Problem> sink) implements ProblemReporter {

    @Override
    public void error(String message) {
        sink.accept(Problem.error(message, where));
    }

    @Override
    public void warning(String message) {
        sink.accept(Problem.warning(message, where));
    }

    @Override
    public void error(String message, Location location) {
        sink.accept(Problem.error(message, location));
    }

    @Override
    public void warning(String message, Location location) {
        sink.accept(Problem.warning(message, location));
    }
}
