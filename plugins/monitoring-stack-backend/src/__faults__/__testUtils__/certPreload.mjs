// Preloaded into a replica (NODE_OPTIONS=--import): serves the SNS signing
// certificate of the fault tests at SNS's URL, since the replica cannot
// reach SNS. Test-only; the certificate comes from FAULTS_SNS_CERT_FILE.
import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

const pem = readFileSync(process.env.FAULTS_SNS_CERT_FILE, 'utf8');
setupServer(
  http.get(
    process.env.FAULTS_SNS_CERT_URL,
    () =>
      new HttpResponse(pem, {
        headers: { 'Content-Type': 'application/x-x509-ca-cert' },
      }),
  ),
).listen({ onUnhandledRequest: 'bypass' });
