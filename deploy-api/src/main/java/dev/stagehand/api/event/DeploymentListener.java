package dev.stagehand.api.event;

/** Receives a deployment's events in order. Every text in an event has its secrets masked already. */
@FunctionalInterface
public interface DeploymentListener {

    /**
     * Called for each event, in the order they happen.
     *
     * @param event what happened
     */
    void onEvent(DeploymentEvent event);

    /** A listener that ignores everything. */
    DeploymentListener NONE = event -> { };
}
