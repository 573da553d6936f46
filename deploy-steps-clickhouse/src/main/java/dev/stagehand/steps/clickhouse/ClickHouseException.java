package dev.stagehand.steps.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse refused a request: the HTTP status and the server's own message
 * ({@code Code: 60, e.displayText() = DB::Exception: Table x doesn't exist.}), its error code
 * read from it.
 */
public final class ClickHouseException extends Exception {

    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");
    /** Wrong password (193), unknown user (192), and the one code newer releases use for both (516). */
    private static final java.util.Set<Integer> AUTHENTICATION = java.util.Set.of(192, 193, 516);

    private final int status;
    private final int code;
    private final String serverMessage;

    ClickHouseException(int status, String serverMessage) {
        super(serverMessage);
        this.status = status;
        this.serverMessage = serverMessage;
        Matcher m = CODE.matcher(serverMessage);
        this.code = m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** ClickHouse's error code, 0 when the answer had none. */
    public int code() {
        return code;
    }

    /** The server's message as it sent it (trimmed). */
    public String serverMessage() {
        return serverMessage;
    }

    /** Whether the server refused the user or the password. */
    public boolean authentication() {
        return AUTHENTICATION.contains(code) || status == 401 || status == 403 && code == 0;
    }
}
