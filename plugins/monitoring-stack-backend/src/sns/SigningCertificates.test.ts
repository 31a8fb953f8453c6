import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createTestCertificate, testCertUrl } from './__testUtils__/snsSigner';
import { SigningCertificates } from './SigningCertificates';

const { certificatePem } = createTestCertificate();

const fetched: string[] = [];
let status = 200;
const server = setupServer(
  http.get('https://sns.eu-west-1.amazonaws.com/:file', ({ request }) => {
    fetched.push(request.url);
    return new HttpResponse(status === 200 ? certificatePem : 'NoSuchKey', {
      status,
    });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  fetched.length = 0;
  status = 200;
});
afterAll(() => server.close());

const urls = Array.from({ length: 10 }, (_, i) => testCertUrl(`ce${i}`));

describe('SigningCertificates', () => {
  it('holds at most maxEntries certificates, letting go of the least recently used', async () => {
    const certificates = new SigningCertificates({
      timeoutMs: 1000,
      maxEntries: 4,
    });
    for (const url of urls.slice(0, 4)) await certificates.get(url);
    await certificates.get(urls[0]);
    for (const url of urls.slice(4)) {
      await certificates.get(url);
      expect(certificates.size).toBeLessThanOrEqual(4);
    }
    expect(certificates.size).toBe(4);

    fetched.length = 0;
    await certificates.get(urls[9]);
    await certificates.get(urls[0]);
    expect(fetched).toEqual([urls[0]]);
  });

  it('fetches a certificate again after a day', async () => {
    let now = 0;
    const certificates = new SigningCertificates({
      timeoutMs: 1000,
      now: () => now,
    });
    await certificates.get(urls[0]);
    now = 23 * 3600_000;
    await certificates.get(urls[0]);
    expect(fetched).toHaveLength(1);
    now = 25 * 3600_000;
    await certificates.get(urls[0]);
    expect(fetched).toHaveLength(2);
  });

  it('does not remember a failed fetch', async () => {
    const certificates = new SigningCertificates({ timeoutMs: 1000 });
    status = 404;
    await expect(certificates.get(urls[0])).rejects.toThrow('HTTP 404');
    expect(certificates.size).toBe(0);
    status = 200;
    await expect(certificates.get(urls[0])).resolves.toBeDefined();
    expect(fetched).toHaveLength(2);
  });

  it('asks nothing for a URL that is not an SNS signing certificate', async () => {
    const certificates = new SigningCertificates({ timeoutMs: 1000 });
    await expect(
      certificates.get('https://sns.eu-west-1.amazonaws.com/attacker/x.pem'),
    ).rejects.toThrow('SigningCertURL path must be');
    expect(fetched).toEqual([]);
  });
});
