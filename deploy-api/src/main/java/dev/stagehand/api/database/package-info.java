/**
 * Databases as steps see them: a logical database's {@link dev.stagehand.api.database.DatabaseConnection},
 * assembled by the engine from composite variables ({@code Product.Database.Online.Url}, or
 * {@code .Server}, {@code .Port}, {@code .Name}, {@code .User}, {@code .Password} with {@code .Type}),
 * and the {@link dev.stagehand.api.database.DatabaseType} SPI through which each database module
 * teaches the engine its own kinds of database. The engine knows no database vendor.
 */
package dev.stagehand.api.database;
