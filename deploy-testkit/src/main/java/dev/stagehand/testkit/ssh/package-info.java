/**
 * Real SSH servers for tests of remote targets: OpenSSH's {@code sshd} processes on loopback
 * ports, each with its own keys, configuration, folders and log, standing for one machine.
 */
package dev.stagehand.testkit.ssh;
