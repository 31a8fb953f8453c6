import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { posix } from 'node:path';

/** A namespaced object a fake cluster holds. */
export type FakeObject = {
  cluster: string;
  kind: 'Pod' | 'Secret';
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  /** A Pod's container env, or a Secret's (decoded) data. */
  values?: Record<string, string>;
};

const PLURALS: Record<string, FakeObject['kind']> = {
  pods: 'Pod',
  secrets: 'Secret',
};

/** Label selectors as the API server reads them (equality and existence requirements). */
function matches(selector: string, labels: Record<string, string>) {
  return selector
    .split(',')
    .filter(Boolean)
    .every(req => {
      if (req.startsWith('!')) return !(req.slice(1) in labels);
      const [key, value] = req.split('=');
      return value === undefined ? key in labels : labels[key] === value;
    });
}

function toItem(o: FakeObject) {
  const metadata = { name: o.name, namespace: o.namespace, labels: o.labels };
  const values = Object.entries(o.values ?? {});
  if (o.kind === 'Secret') {
    return {
      metadata,
      type: 'Opaque',
      data: Object.fromEntries(
        values.map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
    };
  }
  return {
    metadata,
    spec: {
      containers: [
        { name: o.name, env: values.map(([name, value]) => ({ name, value })) },
      ],
    },
    status: { phase: 'Running' },
  };
}

/**
 * The list endpoints of a Kubernetes API server for one cluster, as the
 * Kubernetes plugin and its proxy call them: `/api/v1[/namespaces/<ns>]/<plural>`
 * and `/apis/<group>/<version>[/namespaces/<ns>]/<plural>`, answering v1 List
 * objects (`PodList`, `SecretList`) with label selectors applied; every other
 * list is empty. It reads a path as leniently as a server might: an encoded
 * slash as a slash, and `..` segments resolved. Each request it receives is
 * recorded in `received`.
 */
export class FakeKubernetesApi {
  readonly received: string[] = [];
  url = '';
  private readonly server: Server;

  constructor(
    private readonly cluster: string,
    private readonly objects: FakeObject[],
  ) {
    this.server = createServer((req, res) => {
      this.received.push(`${req.method} ${req.url}`);
      const url = new URL(req.url ?? '/', 'http://k8s');
      const pathname = posix.normalize(decodeURIComponent(url.pathname));
      const path = pathname.match(
        /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)$/,
      );
      res.setHeader('Content-Type', 'application/json');
      if (req.method !== 'GET' || !path) {
        res.statusCode = 404;
        res.end(
          JSON.stringify({ kind: 'Status', status: 'Failure', code: 404 }),
        );
        return;
      }
      const [, namespace, plural] = path;
      const kind = pathname.startsWith('/api/v1/')
        ? PLURALS[plural]
        : undefined;
      const selector = url.searchParams.get('labelSelector') ?? '';
      const items = this.objects
        .filter(
          o =>
            o.kind === kind &&
            o.cluster === this.cluster &&
            (namespace === undefined || o.namespace === namespace) &&
            matches(selector, o.labels ?? {}),
        )
        .map(toItem);
      res.end(
        JSON.stringify({
          kind: kind ? `${kind}List` : 'List',
          apiVersion: 'v1',
          metadata: { resourceVersion: '1' },
          items,
        }),
      );
    });
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
