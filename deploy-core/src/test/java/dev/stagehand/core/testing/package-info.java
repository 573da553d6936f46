/** Test doubles of the engine for step handler tests, until the real engine context exists. */
package dev.stagehand.core.testing;
