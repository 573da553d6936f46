/**
 * {@code ssh://} deployment targets: a remote machine reached with Apache MINA SSHD, files through
 * SFTP and commands through exec channels, over one connection kept for the whole deployment.
 */
package dev.stagehand.target.ssh;
