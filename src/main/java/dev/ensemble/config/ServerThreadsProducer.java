package dev.ensemble.config;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Builds the worker pool on the container's managed thread factory. The managed executor captures
 * and restores the application's context around every task; these threads get it once, when they
 * are made. Rooms run thousands of small tasks a second, so that difference shows.
 */
@ApplicationScoped
public class ServerThreadsProducer {

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threadFactory;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  @Produces
  @Singleton
  ServerThreads threads(EnsembleConfig config) {
    int size = config.workerThreads();
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threadFactory);
    return new ServerThreads(workers, threadFactory, scheduler, roomTimers(threadFactory));
  }

  /**
   * One thread of Ensemble's own for the rooms' timers, not the container's scheduler: Open Liberty
   * keeps every future its scheduler returned in a list that it purges only on every 20th schedule
   * call, so the last rooms to unload on a server that then went quiet stayed reachable through
   * their idle checks, each with its window of operations, until something was scheduled again. A
   * cancelled idle check (someone came back) is dropped at once rather than held until its delay.
   */
  static ScheduledThreadPoolExecutor roomTimers(ThreadFactory threads) {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, threads);
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  /** Runs after the rooms' shutdown, which happens before the application's beans are destroyed. */
  void close(@Disposes ServerThreads threads) {
    threads.workers().shutdown();
    threads.roomTimers().shutdownNow();
  }
}
