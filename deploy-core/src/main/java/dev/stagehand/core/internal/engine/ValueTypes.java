package dev.stagehand.core.internal.engine;

import dev.stagehand.api.model.Flags;
import dev.stagehand.api.model.ValueType;
import dev.stagehand.api.model.VariableDeclaration;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks that a value fits its variable's declared type; says why not in words the user can act on. */
final class ValueTypes {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%\\w+)?");

    private ValueTypes() {
    }

    /** Why {@code value} does not fit, or empty when it does. */
    static Optional<String> problem(VariableDeclaration declaration, String value) {
        ValueType type = declaration.valueType();
        String v = value.trim();
        return switch (type) {
            case TEXT, PASSWORD -> Optional.empty();
            case FILE_PATH, FOLDER_PATH -> v.isEmpty() || v.indexOf('\0') >= 0
                    ? Optional.of("is not a " + (type == ValueType.FILE_PATH ? "file" : "folder") + " path")
                    : Optional.empty();
            case NETWORK_PORT -> port(v);
            case INTEGER -> integer(v);
            case BOOLEAN -> Flags.parse(v).isPresent() ? Optional.empty()
                    : Optional.of("is not true or false (nor yes/no, 1/0)");
            case IP_ADDRESS -> ipAddress(v) ? Optional.empty() : Optional.of("is not an IPv4 or IPv6 address");
            case CHOICE -> declaration.choices().isEmpty() || declaration.choices().stream().anyMatch(v::equalsIgnoreCase)
                    ? Optional.empty() : Optional.of("is not one of " + String.join(", ", declaration.choices()));
            case HTTP_ADDRESS -> url(v, true);
            case URL -> url(v, false);
        };
    }

    private static Optional<String> port(String v) {
        try {
            int port = Integer.parseInt(v);
            return port >= 1 && port <= 65535 ? Optional.empty() : Optional.of("is not a port between 1 and 65535");
        } catch (NumberFormatException e) {
            return Optional.of("is not a port between 1 and 65535");
        }
    }

    private static Optional<String> integer(String v) {
        try {
            Long.parseLong(v);
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("is not a whole number");
        }
    }

    private static boolean ipAddress(String v) {
        var ipv4 = IPV4.matcher(v);
        if (ipv4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(ipv4.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (v.indexOf(':') < 0 || !IPV6.matcher(v).matches()) {
            return false;
        }
        try {
            // A literal with ':' is parsed, never looked up in DNS.
            return java.net.InetAddress.getByName(v) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Optional<String> url(String v, boolean httpOnly) {
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || (httpOnly && !scheme.equals("http") && !scheme.equals("https"))) {
                return Optional.of(httpOnly ? "is not an http(s) address" : "is not an absolute URL");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
    }
}
