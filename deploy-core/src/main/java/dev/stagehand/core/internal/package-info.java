/**
 * The engine's implementation. Nothing here is API: embedders use {@code dev.stagehand.core}
 * and plugins use {@code deploy-api}.
 */
package dev.stagehand.core.internal;
