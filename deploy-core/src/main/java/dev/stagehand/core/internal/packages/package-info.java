/**
 * Package files on disk: folders and zips, with every path kept inside its package; the index of
 * a package source and its persistent copy in the cache folder.
 */
package dev.stagehand.core.internal.packages;
