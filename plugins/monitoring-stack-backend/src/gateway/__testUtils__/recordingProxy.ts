import {
  createServer,
  IncomingHttpHeaders,
  IncomingMessage,
  request as httpRequest,
} from 'node:http';
import { text } from 'node:stream/consumers';
import { listenOnLoopback } from '../../__testUtils__/loopbackServer';

/** A request as it reached the upstream: URL and form parameters together, and its headers. */
export type SeenRequest = {
  method: string;
  path: string;
  params: URLSearchParams;
  headers: IncomingHttpHeaders;
};

/** Reads a request into a SeenRequest, and its body. */
export async function readSeenRequest(
  req: IncomingMessage,
): Promise<{ seen: SeenRequest; body: string }> {
  const url = new URL(req.url ?? '/', 'http://upstream');
  const body = await text(req);
  const params = new URLSearchParams(url.searchParams);
  if (req.headers['content-type']?.startsWith('application/x-www-form')) {
    new URLSearchParams(body).forEach((v, k) => params.append(k, v));
  }
  return {
    seen: {
      method: req.method ?? '',
      path: url.pathname,
      params,
      headers: req.headers,
    },
    body,
  };
}

/**
 * A loopback proxy in front of a real upstream that records every request
 * the gateway sends it, then passes it on unchanged (method, path, query,
 * body and headers) and streams the answer back.
 */
export async function startRecordingProxy(target: string) {
  const requests: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    const { seen, body } = await readSeenRequest(req);
    requests.push(seen);
    const headers = { ...req.headers };
    delete headers.host;
    const upstream = httpRequest(
      new URL(req.url ?? '/', target),
      { method: req.method, headers },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    upstream.end(body);
  });
  return { ...(await listenOnLoopback(server)), requests };
}
