/**
 * JDBC support shared by the step modules that speak JDBC (SQL, MES): the
 * {@link dev.stagehand.jdbc.JdbcDatabaseType} SPI that database modules implement for their kinds
 * (with the vendor facts and the database lock), and {@link dev.stagehand.jdbc.JdbcSession}s, one
 * per database per deployment, kept in the deployment's store and closed by the engine.
 * Depends on {@code deploy-api} only.
 */
package dev.stagehand.jdbc;
