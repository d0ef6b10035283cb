package dev.ensemble.store;

import dev.ensemble.ot.TextOperation;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
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
    return new Document(toBson(op));
  }

  /**
   * The document of an operation as BSON values, which a claim's update carries without going
   * through a codec first.
   */
  static BsonDocument toBson(CommittedOp op) {
    BsonArray components = new BsonArray();
    for (Object c : op.op().toJson()) {
      components.add(c instanceof String text ? new BsonString(text) : new BsonInt32((Integer) c));
    }
    BsonDocument d =
        new BsonDocument("_id", new BsonString(id(op.room(), op.v())))
            .append("room", new BsonString(op.room()))
            .append("v", new BsonInt64(op.v()))
            .append("op", components)
            .append("src", new BsonString(op.src()))
            .append("seq", new BsonInt64(op.seq()))
            .append("ts", new BsonInt64(op.timestamp()));
    if (op.language() != null) {
      d.append("lang", new BsonString(op.language()));
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
