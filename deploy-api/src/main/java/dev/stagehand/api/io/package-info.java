/**
 * Small file helpers that every module shares, so that each of these things is done one way:
 * writing a file atomically, reading text whose encoding a byte order mark names, and SHA-256.
 */
package dev.stagehand.api.io;
