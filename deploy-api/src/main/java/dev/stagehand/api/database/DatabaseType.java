package dev.stagehand.api.database;

import java.util.Set;

/**
 * A kind of database a module can reach (PostgreSQL, SQL Server and H2 in the SQL module,
 * ClickHouse in its own): how its URLs look and how one is built from the parts the variables
 * give. Found with {@link java.util.ServiceLoader}; the engine assembles every
 * {@link DatabaseConnection} through the type its {@code .Type} variable or its URL names, and
 * knows no vendor itself. A module that also needs a lock or other vendor facts extends this
 * interface with its own (the JDBC support module does).
 */
public interface DatabaseType {

    /** {@return the type's name as {@code Product.Database.Type} and {@code DatabaseConnection.type()} write it} */
    String name();

    /**
     * Other spellings accepted in {@code .Type} variables ({@code postgres}, {@code mssql}); matched ignoring case.
     *
     * @return the aliases; empty when none
     */
    default Set<String> aliases() {
        return Set.of();
    }

    /** {@return the priority: when two types claim one name, or both accept one URL, the higher wins} */
    default int priority() {
        return 0;
    }

    /**
     * Whether a URL is one of this type's ({@code jdbc:postgresql:...}).
     *
     * @param url a URL
     * @return true when this type serves it
     */
    boolean accepts(String url);

    /**
     * The URL of a database given by parts.
     *
     * @param parts the parts: server, port, name, properties
     * @return the URL
     * @throws dev.stagehand.api.DeploymentException naming the variable when a needed part is missing
     */
    String url(DatabaseParts parts);

    /**
     * The URL with its password masked, for messages; the default knows the usual forms.
     *
     * @param url the URL
     * @return the URL with its password masked
     */
    default String maskUrl(String url) {
        return DatabaseUrls.maskPassword(url);
    }
}
