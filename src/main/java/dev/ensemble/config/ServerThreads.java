package dev.ensemble.config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The threads Ensemble's own work runs on.
 *
 * @param workers a fixed pool for room mailboxes: every submission, broadcast and bus delivery
 * @param loops starts a thread for work that lasts as long as the server, such as a subscription
 * @param scheduler the container's timers
 * @param roomTimers the rooms' timers (idle checks, forwarding deadlines, polls), each task only
 *     handing work to a room's mailbox
 */
public record ServerThreads(
    ExecutorService workers,
    ThreadFactory loops,
    ScheduledExecutorService scheduler,
    ScheduledExecutorService roomTimers) {}
