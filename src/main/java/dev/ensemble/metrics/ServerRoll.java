package dev.ensemble.metrics;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static dev.ensemble.store.StoreCalls.call;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * The latest figures of every server, in the {@code servers} collection (one document a server,
 * replaced at each report), so that the status page on any server shows them all.
 */
public final class ServerRoll {

  private final MongoCollection<Document> servers;

  public ServerRoll(MongoDatabase database) {
    this.servers = database.getCollection("servers");
  }

  public void report(ServerFigures figures) {
    Document document =
        new Document("_id", figures.server())
            .append("at", figures.at())
            .append("sessions", figures.sessions())
            .append("rooms", figures.rooms())
            .append("opsCommitted", figures.opsCommitted())
            .append("acks", figures.acks())
            .append("ackSeconds", figures.ackSeconds());
    call(
        "report server figures",
        () ->
            servers.replaceOne(
                eq("_id", figures.server()), document, new ReplaceOptions().upsert(true)));
  }

  /** The servers that reported at {@code since} or later, by name. */
  public List<ServerFigures> since(long since) {
    return call(
        "read server figures",
        () ->
            servers
                .find(gte("at", since))
                .sort(Sorts.ascending("_id"))
                .map(ServerRoll::figures)
                .into(new ArrayList<>()));
  }

  /** Forgets the servers that last reported before {@code before}: they stopped long ago. */
  public void forgetBefore(long before) {
    call("forget stopped servers", () -> servers.deleteMany(lt("at", before)));
  }

  private static ServerFigures figures(Document d) {
    return new ServerFigures(
        d.getString("_id"),
        d.get("at", Number.class).longValue(),
        d.get("sessions", Number.class).longValue(),
        d.get("rooms", Number.class).longValue(),
        d.get("opsCommitted", Number.class).longValue(),
        d.get("acks", Number.class).longValue(),
        d.get("ackSeconds", Number.class).doubleValue());
  }
}
