package dev.stagehand.target.ssh;

import java.io.IOException;

/** The remote machine answered that an operation failed (a command's exit code, its error output): never retried. */
final class RemoteFailure extends IOException {

    RemoteFailure(String message) {
        super(message);
    }
}
