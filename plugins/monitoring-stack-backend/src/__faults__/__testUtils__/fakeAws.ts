import { once } from 'node:events';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A CloudTrail event as LookupEvents returns it. */
export type FakeTrailEvent = {
  EventId: string;
  EventName: string;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  EventTime: number;
  Username: string;
  Resources: Array<{ ResourceType: string; ResourceName: string }>;
  CloudTrailEvent: string;
};

/** One LookupEvents request: who asked (the access key id) and for which page. */
export type LookupCall = {
  accessKeyId: string;
  token?: string;
  at: number;
};

/**
 * CloudTrail's LookupEvents (JSON 1.1) and SNS's Publish (query protocol)
 * on one loopback HTTP server, for AWS SDK v3 clients whose endpoint is set
 * to it (`AWS_ENDPOINT_URL_CLOUDTRAIL`, `_SNS`, `_STS`; STS answers
 * GetCallerIdentity for the aws integration). Events are
 * served `pageSize` a page; `holdPage` makes the request for that page
 * (1-based) hang until `releaseHold()`. Publishes are recorded.
 */
export class FakeAws {
  events: FakeTrailEvent[] = [];
  pageSize = 5;
  holdPage?: number;
  readonly lookups: LookupCall[] = [];
  readonly publishes: Array<{ accessKeyId: string; message: any }> = [];
  /** The lookups held, in order. */
  readonly heldCalls: LookupCall[] = [];
  private held: Array<() => void> = [];
  private heldWaiters: Array<(c: LookupCall) => void> = [];

  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () =>
      this.handle(req, Buffer.concat(chunks).toString(), res),
    );
  });

  get url() {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop() {
    this.releaseHold();
    this.server.closeAllConnections();
    this.server.close();
  }

  /** Resolves with the first lookup held. */
  firstHeld(): Promise<LookupCall> {
    if (this.heldCalls.length) return Promise.resolve(this.heldCalls[0]);
    return new Promise(resolve => this.heldWaiters.push(resolve));
  }

  releaseHold() {
    this.holdPage = undefined;
    this.held.splice(0).forEach(r => r());
  }

  private handle(
    req: http.IncomingMessage,
    body: string,
    res: http.ServerResponse,
  ) {
    const accessKeyId =
      /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target.endsWith('.LookupEvents')) {
      const input = JSON.parse(body || '{}');
      const call = { accessKeyId, token: input.NextToken, at: Date.now() };
      this.lookups.push(call);
      const page = input.NextToken ? Number(input.NextToken) : 1;
      const answer = () => {
        if (res.destroyed) return;
        const start = (page - 1) * this.pageSize;
        const events = this.events.slice(start, start + this.pageSize);
        const more = start + this.pageSize < this.events.length;
        res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({
            Events: events,
            ...(more ? { NextToken: String(page + 1) } : {}),
          }),
        );
      };
      if (this.holdPage === page) {
        this.held.push(answer);
        this.heldCalls.push(call);
        this.heldWaiters.splice(0).forEach(w => w(call));
      } else answer();
      return;
    }
    const form = new URLSearchParams(body);
    if (form.get('Action') === 'GetCallerIdentity') {
      // The aws integration asks whose the default credentials are.
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/${accessKeyId}</Arn><UserId>${accessKeyId}</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
      return;
    }
    if (form.get('Action') === 'Publish') {
      this.publishes.push({
        accessKeyId,
        message: JSON.parse(form.get('Message') ?? '{}'),
      });
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${this.publishes.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
      );
      return;
    }
    res.writeHead(400, { 'Content-Type': 'text/xml' });
    res.end(
      '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>not faked</Message></Error></ErrorResponse>',
    );
  }
}

/** `n` EKS events a minute apart ending `endMinutesAgo` ago; every one needs attention. */
export function eksEvents(n: number, endMinutesAgo = 2): FakeTrailEvent[] {
  const end = Date.now() - endMinutesAgo * 60_000;
  return Array.from({ length: n }, (_, i) => {
    const time = end - (n - 1 - i) * 60_000;
    return {
      EventId: `evt-${String(i).padStart(3, '0')}`,
      EventName: 'DeleteAddon',
      EventTime: Math.floor(time / 1000),
      Username: 'ops',
      Resources: [
        { ResourceType: 'AWS::EKS::Cluster', ResourceName: 'eks-shared' },
      ],
      CloudTrailEvent: JSON.stringify({
        sourceIPAddress: '10.0.0.1',
        requestParameters: { name: 'eks-shared', addonName: 'vpc-cni' },
      }),
    };
  });
}
