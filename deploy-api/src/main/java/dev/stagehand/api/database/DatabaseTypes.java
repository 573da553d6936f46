package dev.stagehand.api.database;

import java.util.List;
import java.util.Optional;

/** The database types loaded for a deployment. */
public interface DatabaseTypes {

    /**
     * The type named (or aliased), ignoring case.
     *
     * @param name a type's name or alias
     * @return the type; empty when no loaded type has that name
     */
    Optional<DatabaseType> named(String name);

    /**
     * The type of a connection: by its type name, else of the types that accept its URL the one
     * of highest priority (equal priorities: the first by name).
     *
     * @param connection a connection
     * @return its type; empty when no loaded type serves it
     */
    Optional<DatabaseType> of(DatabaseConnection connection);

    /** {@return every type, by name} */
    List<DatabaseType> all();
}
