// The load generator's Yjs clients: real HocuspocusProvider clients (with the ws package as their
// WebSocket), driven by the Java generator through line-delimited JSON, one command a line on stdin:
//   {"op":"open","c":id,"name":"u1","url":"ws://…","room":"r"}   connect client id to a room
//   {"op":"edit","c":id,"at":n,"delete":true|false,"text":"x"}  one local transaction
//   {"op":"text","c":id}                                        the client's text, now
//   {"op":"close","c":id}
// and one event a line on stdout, t being process.hrtime (CLOCK_MONOTONIC, as Java's nanoTime):
//   ready {c,t,len,v}: synced with the server, nothing unsynced
//   sent {c,seq,t,len,v,unsynced}: an edit applied locally and handed to the provider
//   ack {c,seq,t,unsynced}: the server's SyncStatus for that edit's update (applied in its memory)
//   recv {c,t,len,v,from:[{src,first,last}]}: edits of other clients that reached this one
//   text {c,text}; closed {c,code}
// Every edit also sets its author's entry of the Y.Map "sent" to its sequence number in the same
// transaction, so that a receiver knows which edits an update carried (a Yjs update has no
// operation identity, and a deletion alone adds no item of its author's to the text); v is the
// number of edits a client holds, the counterpart of a version.
const readline = require('readline');
const WebSocket = require('ws');
const Y = require('yjs');
const { HocuspocusProvider } = require('@hocuspocus/provider');

const clients = new Map();

function emit(event) {
  event.t = process.hrtime.bigint().toString();
  process.stdout.write(JSON.stringify(event) + '\n');
}

function open({ c, name, url, room }) {
  const doc = new Y.Doc();
  const client = { c, name, doc, text: doc.getText('text'), sent: doc.getMap('sent'), seq: 0,
    seen: new Map(), pending: [], ready: false };
  client.provider = new HocuspocusProvider({
    url, name: room, document: doc, awareness: null, WebSocketPolyfill: WebSocket,
    onSynced: () => checkReady(client),
    onUnsyncedChanges: ({ number }) => unsynced(client, number),
    onClose: ({ event }) => closed(client, event),
  });
  client.sent.observe((event) => received(client, event));
  clients.set(c, client);
}

function checkReady(client) {
  if (!client.ready && client.provider.isSynced && client.provider.unsyncedChanges === 0) {
    client.ready = true;
    emit({ e: 'ready', c: client.c, len: client.text.length, v: edits(client) });
  }
}

/** The provider counts updates sent and SyncStatus messages received: each drop is one ack. */
function unsynced(client, number) {
  while (client.ready && client.pending.length > number) {
    emit({ e: 'ack', c: client.c, seq: client.pending.shift(), unsynced: number });
  }
  checkReady(client);
}

function closed(client, event) {
  // a reconnection resends through the sync steps: the acks of what was pending are lost
  client.pending = [];
  client.ready = false;
  if (!client.closing) {
    emit({ e: 'closed', c: client.c, code: event && event.code });
  }
}

function received(client, event) {
  if (event.transaction.local) {
    return;
  }
  const from = [];
  for (const src of event.keysChanged) {
    const last = client.sent.get(src);
    const first = (client.seen.get(src) || 0) + 1;
    if (last !== undefined && last >= first) {
      client.seen.set(src, last);
      from.push({ src, first, last });
    }
  }
  if (from.length > 0) {
    emit({ e: 'recv', c: client.c, len: client.text.length, v: edits(client), from });
  }
}

function edits(client) {
  let n = client.seq;
  for (const seq of client.seen.values()) n += seq;
  return n;
}

function edit({ c, at, delete: del, text }) {
  const client = clients.get(c);
  if (!client) {
    return; // closed meanwhile
  }
  const seq = ++client.seq;
  const length = client.text.length;
  client.doc.transact(() => {
    if (del && at < length) {
      client.text.delete(at, 1);
    } else {
      client.text.insert(Math.min(at, length), text);
    }
    client.sent.set(client.name, seq);
  });
  const number = client.provider.unsyncedChanges;
  if (client.ready) {
    client.pending.push(seq);
  }
  emit({ e: 'sent', c, seq, len: client.text.length, v: edits(client), unsynced: number });
}

function close({ c }) {
  const client = clients.get(c);
  if (client) {
    client.closing = true;
    client.provider.destroy();
    clients.delete(c);
  }
}

const commands = {
  open,
  edit,
  close,
  text: ({ c }) => emit({ e: 'text', c, text: clients.get(c).text.toString() }),
};

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line);
  commands[command.op](command);
});
process.stdin.on('end', () => process.exit(0));
// the generator is gone: nobody to report to
process.stdout.on('error', () => process.exit(0));
