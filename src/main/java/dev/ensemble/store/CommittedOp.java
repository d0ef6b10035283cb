package dev.ensemble.store;

import dev.ensemble.ot.TextOperation;

/**
 * An operation in a room's log: it turned version {@code v - 1} into {@code v}. {@code src} and
 * {@code seq} identify the submission, so that a resend is recognised and not applied twice.
 */
public record CommittedOp(
    String room, long v, TextOperation op, String src, long seq, long timestamp) {}
