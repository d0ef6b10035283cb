package dev.ensemble.store;

import dev.ensemble.ot.TextOperation;
import org.bson.Document;

/**
 * How an operation is kept in the {@code operations} collection. Its id is {@code room:v}, so that
 * reads go by the primary index however long the history grows. A document whose operation is
 * followed by others carries {@code next}: the operations a writer appended after it, in full (the
 * claim that decided their versions), or an empty list inside such a batch.
 */
final class OpDocuments {

  private OpDocuments() {}

  static String id(String room, long v) {
    return room + ":" + v;
  }

  static Document toDocument(CommittedOp op) {
    Document d =
        new Document("_id", id(op.room(), op.v()))
            .append("room", op.room())
            .append("v", op.v())
            .append("op", op.op().toJson())
            .append("src", op.src())
            .append("seq", op.seq())
            .append("ts", op.timestamp());
    if (op.language() != null) {
      d.append("lang", op.language());
    }
    return d;
  }

  /** The document that starts a room's log: version 0, no operation. */
  static Document origin(String room) {
    return new Document("_id", id(room, 0)).append("room", room).append("v", 0L);
  }

  static CommittedOp fromDocument(String room, Document d) {
    return new CommittedOp(
        room,
        number(d, "v"),
        TextOperation.fromJson(d.getList("op", Object.class)),
        d.getString("src"),
        number(d, "seq"),
        number(d, "ts"),
        d.getString("lang"));
  }

  static long number(Document d, String field) {
    return ((Number) d.get(field)).longValue();
  }
}
