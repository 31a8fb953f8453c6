import net, { AddressInfo } from 'node:net';
import { callUpstream } from './upstreamCall';

describe('callUpstream', () => {
  it('names the upstream, the request and the error code of a refused connection, never its address', async () => {
    const closed = net.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise(r => closed.close(r));
    const call = callUpstream(
      { name: 'Loki', url: `http://127.0.0.1:${port}`, timeoutMs: 2000 },
      'GET',
      '/loki/api/v1/rules',
      { headers: {} },
    );
    await expect(call).rejects.toThrow(
      'Loki is unreachable (GET /loki/api/v1/rules): ECONNREFUSED',
    );
    await expect(call).rejects.not.toThrow(/127\.0\.0\.1|http:/);
  });
});
