/** How an installation runs: what to do on error, dry runs, waiting for the state lock. */
package dev.stagehand.core.options;
