import { createServer, IncomingMessage } from 'node:http';
import { text } from 'node:stream/consumers';
import { listenOnLoopback } from '../../__testUtils__/loopbackServer';

/** A request as it reached the upstream, its path and query byte for byte. */
export type RecordedRequest = {
  method: string;
  /** The request target as sent: path and query string, nothing normalised. */
  url: string;
  path: string;
  params: URLSearchParams;
  body: string;
};

/** What the stand-in answers. */
export type CannedAnswer = {
  status?: number;
  contentType?: string;
  body?: string;
};

/**
 * An upstream on loopback that records every request it gets, as it got
 * it, and answers what `answer` says (200 `{}` by default).
 */
export async function startRecordingUpstream(
  answer: (request: RecordedRequest) => CannedAnswer = () => ({}),
) {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const url = req.url ?? '';
    const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    const body = await text(req);
    const params = new URLSearchParams(query);
    if (req.headers['content-type']?.startsWith('application/x-www-form')) {
      new URLSearchParams(body).forEach((v, k) => params.append(k, v));
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url,
      path: url.split('?')[0],
      params,
      body,
    };
    requests.push(recorded);
    const {
      status = 200,
      contentType = 'application/json',
      body: out = '{}',
    } = answer(recorded);
    res.writeHead(status, { 'Content-Type': contentType });
    res.end(out);
  });
  return { ...(await listenOnLoopback(server)), requests };
}
