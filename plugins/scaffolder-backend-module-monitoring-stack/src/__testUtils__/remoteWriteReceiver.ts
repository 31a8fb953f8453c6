import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';
import { uncompress } from 'snappyjs';

// Prometheus' remote-write 1.0 message (prompb/remote.proto and types.proto
// of Prometheus 2.42), the fields a receiver reads.
const { root } = protobuf.parse(`
syntax = "proto3";
message WriteRequest { repeated TimeSeries timeseries = 1; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
message Label { string name = 1; string value = 2; }
message Sample { double value = 1; int64 timestamp = 2; }
`);
const WriteRequest = root.lookupType('WriteRequest');
const PATH = /^\/api\/v1\/receive\/([^/]+)$/;

/** One series as it arrived: which queue sent it, and its labels. */
export type ReceivedSeries = {
  queue: string;
  labels: Record<string, string>;
};

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A loopback server shaped like Thanos Receive's `/api/v1/receive`: it takes
 * snappy-compressed remote-write requests and records every series. Each
 * remote-write queue posts to `<url>/<queue>`: Debian's Prometheus 2.42
 * does not send a queue's configured `headers` (seen here), so the path
 * tells the queues apart.
 */
export async function startRemoteWriteReceiver() {
  const series: ReceivedSeries[] = [];
  const server = createServer(async (req, res) => {
    const queue = PATH.exec(req.url ?? '')?.[1];
    if (req.method !== 'POST' || !queue) {
      res.writeHead(404).end();
      return;
    }
    const decoded = WriteRequest.toObject(
      WriteRequest.decode(uncompress(await body(req))),
    ) as { timeseries?: Array<{ labels: { name: string; value: string }[] }> };
    for (const ts of decoded.timeseries ?? []) {
      series.push({
        queue,
        labels: Object.fromEntries(ts.labels.map(l => [l.name, l.value])),
      });
    }
    res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: (queue: string) =>
      `http://127.0.0.1:${port}/api/v1/receive/${encodeURIComponent(queue)}`,
    series,
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}
