/** The examples the README shows, compiled and checked against the README's text. */
package dev.stagehand.core.readme;
