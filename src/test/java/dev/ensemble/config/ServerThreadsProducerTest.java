package dev.ensemble.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerThreadsProducerTest {

  @Test
  void aCancelledRoomTimerIsReleasedAtOnceNotAtItsDelay() {
    ScheduledThreadPoolExecutor timers = ServerThreadsProducer.roomTimers(Thread::new);
    try {
      Object room = new Object();
      WeakReference<Object> held = new WeakReference<>(room);
      ScheduledFuture<?> idleCheck = timers.schedule(room::hashCode, 1, TimeUnit.HOURS);

      idleCheck.cancel(false);
      room = null;

      assertThat(timers.getQueue()).isEmpty();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                System.gc();
                return held.get() == null;
              });
    } finally {
      timers.shutdownNow();
    }
  }
}
