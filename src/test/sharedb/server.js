// One ShareDB server as the load generator's peer: WebSocket on PORT, documents in the MongoDB at
// MONGODB_URI (sharedb-mongo with the 6.x driver, which accepts the MongoDB-wire store), ops relayed
// through the Redis at REDIS_URL. The text type is ot-text-unicode.
const http = require('http');
const WebSocket = require('ws');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');
const ShareDB = require('sharedb');
const ShareDBMongo = require('sharedb-mongo');
const redisPubSub = require('sharedb-redis-pubsub');
const { MongoClient } = require('mongodb');
const otText = require('ot-text-unicode');

ShareDB.types.register(otText.type);

const db = ShareDBMongo({
  mongo: (callback) => MongoClient.connect(process.env.MONGODB_URI).then((c) => callback(null, c), callback),
});
const pubsub = redisPubSub({ url: process.env.REDIS_URL });
// the Redis clients reconnect by themselves once their errors are handled
for (const client of [pubsub.client, pubsub.observer]) {
  client.on('error', (error) => console.error('redis:', error.message));
}
const backend = new ShareDB({ db, pubsub });

const server = http.createServer();
new WebSocket.Server({ server }).on('connection', (ws) => {
  const stream = new WebSocketJSONStream(ws);
  // without a handler, a client that goes away while the server writes kills it with EPIPE
  stream.on('error', () => {});
  backend.listen(stream);
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('sharedb on ' + process.env.PORT));
