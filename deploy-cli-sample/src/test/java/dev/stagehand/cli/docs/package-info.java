/** The code examples of {@code docs/}, compiled and run by {@code DocsExamplesTest} so the pages show working code. */
package dev.stagehand.cli.docs;
