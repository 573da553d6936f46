/** Journal implementations: JSON files in a state folder (the default) and in memory. */
package dev.stagehand.core.journal;
