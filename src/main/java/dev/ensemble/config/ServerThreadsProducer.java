package dev.ensemble.config;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.LinkedBlockingQueue;
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
    return new ServerThreads(workers, threadFactory, scheduler);
  }

  /** Runs after the rooms' shutdown, which happens before the application's beans are destroyed. */
  void close(@Disposes ServerThreads threads) {
    threads.workers().shutdown();
  }
}
