package dev.ensemble.load;

import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;

/** A user of a collaboration server as the load generator drives it, whatever the server. */
interface SimulatedUser {

  /** The index of the server this user is connected to. */
  int server();

  String room();

  /** Connects; the future completes once the user holds the document. */
  CompletableFuture<Void> connect(HttpClient http);

  /** Makes one small edit where the user's caret happens to be. */
  void edit();

  /** Edits again whenever the previous edit is acknowledged. */
  void writeEagerly();

  void stopWriting();

  boolean isSynchronized();

  long version();

  String document();

  void close();
}
