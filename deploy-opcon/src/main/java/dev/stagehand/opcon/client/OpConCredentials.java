package dev.stagehand.opcon.client;

import java.util.Objects;

/**
 * Who calls OpCon: a user who logs in (and whose token expires within minutes), or an application token made
 * by an OpCon administrator (used as is; it does not expire). Their text never shows the secret.
 */
public sealed interface OpConCredentials {

    /** Who OpCon records as having done it. */
    String who();

    /** A user's login name and password: the client logs in, renews the token once when OpCon says it expired. */
    record User(String loginName, String password) implements OpConCredentials {
        public User {
            Objects.requireNonNull(loginName, "loginName");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String who() {
            return loginName;
        }

        @Override
        public String toString() {
            return "User[" + loginName + ", password ****]";
        }
    }

    /** An application token (OpCon's {@code tokenType} {@code Application}). */
    record ApplicationToken(String token) implements OpConCredentials {
        public ApplicationToken {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String who() {
            return "application token";
        }

        @Override
        public String toString() {
            return "ApplicationToken[****]";
        }
    }
}
