import { once } from 'node:events';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** Starts a test server on a free port of 127.0.0.1; `stop` drops its connections and closes it. */
export async function listenOnLoopback(server: Server) {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
