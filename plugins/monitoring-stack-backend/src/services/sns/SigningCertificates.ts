import { X509Certificate } from 'node:crypto';
import { CacheService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { UpstreamError } from '../gateway/errors';
import { fetchFromSns, signingCertUrlProblem } from './snsUrls';

// SNS rotates its signing certificates rarely; a day saves a fetch per message.
const CACHE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The certificates SNS signs with, fetched from the URL a message names (only
 * ever an SNS URL) and cached through the cache service.
 */
export class SigningCertificates {
  constructor(
    private readonly cache: CacheService,
    private readonly timeoutMs: number,
  ) {}

  /** The certificate at `url`; InputError when the URL is not SNS's or names no certificate. */
  async get(url: string): Promise<X509Certificate> {
    const problem = signingCertUrlProblem(url);
    if (problem) {
      throw new InputError(`SigningCertURL ${problem}`);
    }
    const key = `sns-signing-cert:${url}`;
    const cached = await this.cache.get<string>(key);
    if (cached) return new X509Certificate(cached);
    const pem = await this.fetchPem(url);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      throw new InputError('SigningCertURL does not point to a certificate');
    }
    await this.cache.set(key, pem, { ttl: CACHE_TTL_MS });
    return certificate;
  }

  private async fetchPem(url: string): Promise<string> {
    const response = await fetchFromSns(
      url,
      this.timeoutMs,
      'the signing certificate',
    );
    if (response.status >= 500) {
      throw new UpstreamError(
        `SNS answered HTTP ${response.status} for the signing certificate`,
      );
    }
    if (!response.ok) {
      // SNS does not name certificates it does not serve.
      throw new InputError(`SigningCertURL answered HTTP ${response.status}`);
    }
    return response.text();
  }
}
