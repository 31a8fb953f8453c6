import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A message as SNS's Publish API received it. */
export type PublishedMessage = {
  topicArn: string;
  subject?: string;
  message: string;
  attributes: Record<string, string>;
  /** True when the SigV4 signature is the one the test credentials make. */
  signatureValid: boolean;
};

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** `20261207T120000Z` as a Date. */
function amzDate(value: string): Date {
  const m = value.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) throw new Error(`bad X-Amz-Date ${value}`);
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/**
 * SNS's `Publish` action as its Query API documents it (API version
 * 2010-03-31): a form-encoded POST signed with SigV4 for service `sns`,
 * `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue`,
 * answered with a `PublishResponse` XML document. Each message is recorded,
 * with whether its signature verifies against the given credentials.
 */
export class SnsPublishStandIn {
  readonly published: PublishedMessage[] = [];
  url = '';
  private readonly server: Server;

  constructor(
    private readonly credentials: {
      accessKeyId: string;
      secretAccessKey: string;
      region: string;
    },
  ) {
    this.server = createServer(async (req, res) => {
      const body = await text(req);
      const form = new URLSearchParams(body);
      if (req.method !== 'POST' || form.get('Action') !== 'Publish') {
        res.writeHead(400, { 'Content-Type': 'text/xml' });
        res.end(
          `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>only Publish</Message></Error></ErrorResponse>`,
        );
        return;
      }
      const attributes: Record<string, string> = {};
      for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
        const prefix = `MessageAttributes.entry.${i}`;
        attributes[form.get(`${prefix}.Name`)!] =
          form.get(`${prefix}.Value.StringValue`) ?? '';
      }
      this.published.push({
        topicArn: form.get('TopicArn') ?? '',
        subject: form.get('Subject') ?? undefined,
        message: form.get('Message') ?? '',
        attributes,
        signatureValid: await this.verify(req, body),
      });
      const id = `msg-${this.published.length}`;
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(
        `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>req-${id}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  }

  /** Signs the request again with the test credentials and compares. */
  private async verify(req: IncomingMessage, body: string): Promise<boolean> {
    const authorization = String(req.headers.authorization ?? '');
    const signedHeaders = authorization
      .match(/SignedHeaders=([^,]+)/)?.[1]
      ?.split(';');
    const signature = authorization.match(/Signature=([0-9a-f]+)/)?.[1];
    if (!signedHeaders || !signature) return false;
    const headers = Object.fromEntries(
      signedHeaders.map(h => [h, String(req.headers[h] ?? '')]),
    );
    const signer = new SignatureV4({
      credentials: this.credentials,
      region: this.credentials.region,
      service: 'sns',
      sha256: Sha256,
      applyChecksum: false,
    });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const signed = await signer.sign(
      {
        method: req.method ?? 'POST',
        protocol: 'http:',
        hostname: String(req.headers.host ?? '').split(':')[0],
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
      },
      { signingDate: amzDate(String(req.headers['x-amz-date'] ?? '')) },
    );
    return String(signed.headers.authorization).endsWith(
      `Signature=${signature}`,
    );
  }

  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }`;
  }

  async stop() {
    await new Promise(resolve => this.server.close(resolve));
  }
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
