/**
 * What the history of a room looks like from afar, worked out from its operations: spans of the
 * timeline, who last changed each line, named versions. Pure values; the store keeps them.
 */
package dev.ensemble.history;
