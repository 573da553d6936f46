package dev.stagehand.core.testing;

import dev.stagehand.api.journal.LockHolder;

/** Lock holders that ran on this machine in a process that has ended, as a killed deployment leaves them. */
public final class DeadProcesses {

    private DeadProcesses() {
    }

    /** The pid of a process of this machine that has ended. */
    public static long pid() throws Exception {
        Process process = new ProcessBuilder("java", "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.waitFor();
        return process.pid();
    }

    /** A holder of this machine with that pid and process start (0: unknown), running {@code deploymentId}. */
    public static LockHolder holder(long pid, long processStart, String deploymentId) {
        LockHolder me = LockHolder.current(deploymentId, System.currentTimeMillis());
        return new LockHolder("bob", me.host(), me.bootId(), pid, processStart, deploymentId, me.acquiredAt());
    }
}
