import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { KubernetesNamespace } from '../lib/kubernetesTenants';
import { namespaceListAnswer, NamespaceListOptions } from './kubernetes';

/** A key pair made by Node (fast), as forge keys. */
function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    privateKeyPem: privateKey,
  };
}

function newCertificate(publicKey: forge.pki.PublicKey, commonName: string) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive, as DER integers must be.
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  return cert;
}

/** A certificate authority, like the one an EKS cluster signs its API server with. */
export type TestCa = {
  /** The CA certificate, PEM. */
  certPem: string;
  /** The CA certificate as a cluster's `caData`: base64 of the PEM. */
  caData: string;
  sign(hosts: { dns: string[]; ips: string[] }): {
    certPem: string;
    keyPem: string;
  };
};

/** A new CA whose `sign` issues server certificates for the given names. */
export function createTestCa(commonName: string): TestCa {
  const keys = keyPair();
  const ca = newCertificate(keys.publicKey, commonName);
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(keys.privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(ca);
  return {
    certPem,
    caData: Buffer.from(certPem).toString('base64'),
    sign(hosts) {
      const serverKeys = keyPair();
      const cert = newCertificate(serverKeys.publicKey, 'kube-apiserver');
      cert.setIssuer(ca.subject.attributes);
      cert.setExtensions([
        { name: 'basicConstraints', cA: false },
        {
          name: 'keyUsage',
          digitalSignature: true,
          keyEncipherment: true,
          critical: true,
        },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            ...hosts.dns.map(value => ({ type: 2, value })),
            ...hosts.ips.map(ip => ({ type: 7, ip })),
          ],
        },
        {
          name: 'authorityKeyIdentifier',
          keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes(),
        },
      ]);
      cert.sign(keys.privateKey, forge.md.sha256.create());
      return {
        certPem: forge.pki.certificateToPem(cert),
        keyPem: serverKeys.privateKeyPem,
      };
    },
  };
}

/** A running fake Kubernetes API server. */
export type TestKubernetesApiServer = {
  /** `https://127.0.0.1:<port>` (or `http://` without a certificate). */
  url: string;
  port: number;
  /** Every request the server answered, in order. */
  requests: URL[];
  /** Replaces the items it lists. */
  setItems(items: KubernetesNamespace[]): void;
  /** While true, requests get no answer at all. */
  setHanging(hanging: boolean): void;
  close(): Promise<void>;
};

/**
 * A local API server that answers `GET /api/v1/namespaces` exactly like
 * the Kubernetes API (see {@link namespaceListAnswer}): over HTTPS with
 * `tls` (the server certificate of the cluster's CA), else plain HTTP, as
 * `kubectl proxy` does. Anything else is a 404 `Status`.
 */
export async function startKubernetesApiServer(options: {
  items: KubernetesNamespace[];
  tls?: { certPem: string; keyPem: string };
  list?: NamespaceListOptions;
}): Promise<TestKubernetesApiServer> {
  let items = options.items;
  let hanging = false;
  const requests: URL[] = [];
  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (hanging) return;
    requests.push(url);
    const { status, body } =
      req.method === 'GET' && url.pathname === '/api/v1/namespaces'
        ? namespaceListAnswer(
            url,
            req.headers.authorization,
            items,
            options.list,
          )
        : {
            status: 404,
            body: {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              reason: 'NotFound',
              code: 404,
            },
          };
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = options.tls
    ? https.createServer(
        { cert: options.tls.certPem, key: options.tls.keyPem },
        handler,
      )
    : http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    setItems: next => {
      items = next;
    },
    setHanging: next => {
      hanging = next;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
