package dev.ensemble.bus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Remembers what a bus delivered. */
final class RecordingListener implements BusListener {

  final List<String> messages = new CopyOnWriteArrayList<>();
  final AtomicInteger gaps = new AtomicInteger();
  final List<String> roomGaps = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(String room, String message) {
    messages.add(room + ":" + message);
  }

  @Override
  public void onGap() {
    gaps.incrementAndGet();
  }

  @Override
  public void onGap(String room) {
    roomGaps.add(room);
  }
}
