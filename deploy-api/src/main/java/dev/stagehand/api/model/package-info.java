/**
 * The package model as immutable records: manifest, dependencies, steps with their raw
 * attributes and inner elements, and the UI (wizard) metadata that declares variables.
 */
package dev.stagehand.api.model;
