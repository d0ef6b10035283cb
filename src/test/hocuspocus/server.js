// One Hocuspocus server as the load generator's second peer: WebSocket on PORT, documents (Y.Doc)
// held in memory only (no Database extension: nothing is persisted, see the README), updates spread
// to the other servers through the Redis at REDIS_URL by @hocuspocus/extension-redis.
const { Server } = require('@hocuspocus/server');
const { Redis } = require('@hocuspocus/extension-redis');

const redis = new URL(process.env.REDIS_URL);
const server = new Server({
  name: 'hocuspocus-' + process.env.PORT,
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new Redis({ host: redis.hostname, port: Number(redis.port) })],
});
server.listen().then(() => console.log('hocuspocus on ' + process.env.PORT));
