package dev.stagehand.api.database;

import java.util.List;
import java.util.Optional;

/** The database types loaded for a deployment. */
public interface DatabaseTypes {

    /** The type named (or aliased), ignoring case. */
    Optional<DatabaseType> named(String name);

    /**
     * The type of a connection: by its type name, else of the types that accept its URL the one
     * of highest priority (equal priorities: the first by name).
     */
    Optional<DatabaseType> of(DatabaseConnection connection);

    /** Every type, by name. */
    List<DatabaseType> all();
}
