package dev.ensemble.store;

import dev.ensemble.history.BlameBase;
import dev.ensemble.history.HistorySpan;
import dev.ensemble.history.NamedVersion;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A store that hands every call to another; tests override the calls they want to watch. */
public class ForwardingStore implements OperationStore {

  private final OperationStore store;

  public ForwardingStore(OperationStore store) {
    this.store = store;
  }

  @Override
  public void initialize() {
    store.initialize();
  }

  @Override
  public Optional<DocumentSnapshot> findDocument(String room) {
    return store.findDocument(room);
  }

  @Override
  public DocumentSnapshot createDocument(String room, String language, String content) {
    return store.createDocument(room, language, content);
  }

  @Override
  public AppendResult claim(LogHead head, List<CommittedOp> ops) {
    return store.claim(head, ops);
  }

  @Override
  public void writeClaimed(List<CommittedOp> ops) {
    store.writeClaimed(ops);
  }

  @Override
  public List<CommittedOp> findOps(String room, long from, long to) {
    return store.findOps(room, from, to);
  }

  @Override
  public List<CommittedOp> findOpsAfter(String room, long from, int limit) {
    return store.findOpsAfter(room, from, limit);
  }

  @Override
  public OptionalLong lastVersion(String room) {
    return store.lastVersion(room);
  }

  @Override
  public void saveSnapshot(DocumentSnapshot snapshot) {
    store.saveSnapshot(snapshot);
  }

  @Override
  public void saveMilestone(String room, long v, String content, String language) {
    store.saveMilestone(room, v, content, language);
  }

  @Override
  public void deleteRoom(String room) {
    store.deleteRoom(room);
  }

  @Override
  public Optional<DocumentSnapshot> findMilestone(String room, long v) {
    return store.findMilestone(room, v);
  }

  @Override
  public byte[] sharedSecret(String name) {
    return store.sharedSecret(name);
  }

  @Override
  public void ping() {
    store.ping();
  }

  @Override
  public List<HistorySpan> findSpans(String room, long from, long to) {
    return store.findSpans(room, from, to);
  }

  @Override
  public long fold(String room, long before) {
    return store.fold(room, before);
  }

  @Override
  public long foldedTo(String room) {
    return store.foldedTo(room);
  }

  @Override
  public List<String> roomIds(String after, int limit) {
    return store.roomIds(after, limit);
  }

  @Override
  public Optional<BlameBase> findBlameBase(String room, long v) {
    return store.findBlameBase(room, v);
  }

  @Override
  public void nameVersion(String room, NamedVersion version) {
    store.nameVersion(room, version);
  }

  @Override
  public List<NamedVersion> namedVersions(String room, int limit) {
    return store.namedVersions(room, limit);
  }

  @Override
  public void nameAuthor(String room, String src, String name) {
    store.nameAuthor(room, src, name);
  }

  @Override
  public java.util.Map<String, String> authorNames(
      String room, java.util.Collection<String> sources) {
    return store.authorNames(room, sources);
  }
}
