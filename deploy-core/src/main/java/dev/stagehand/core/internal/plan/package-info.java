/**
 * Planning: collecting the packages a root needs, intersecting version constraints, choosing
 * versions by migration strategy, and ordering the result.
 */
package dev.stagehand.core.internal.plan;
