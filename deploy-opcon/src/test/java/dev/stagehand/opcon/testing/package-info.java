/**
 * Test doubles shared with the sample CLI's tests (through this module's test jar): a CA made in the test and a
 * real HTTPS server answering OpCon's REST calls.
 */
package dev.stagehand.opcon.testing;
