/** Package files on disk: folders and zips, with every path kept inside its package. */
package dev.stagehand.core.internal.packages;
