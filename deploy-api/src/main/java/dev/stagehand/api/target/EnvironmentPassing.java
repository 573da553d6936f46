package dev.stagehand.api.target;

/**
 * Whether a target hands a command's {@link CommandRequest#environment() environment} to the
 * process privately (the local target: yes; an SSH server that refuses {@code SetEnv}: no).
 * A target without this capability is taken to pass it privately. A step with secrets for a
 * target that cannot writes them to an owner-only file in a
 * {@link DeploymentTarget#createTempDirectory temporary folder} instead, removed after the run.
 */
public interface EnvironmentPassing {

    /** {@return true when the environment of a command reaches it without appearing on any command line} */
    boolean passesEnvironmentPrivately();
}
