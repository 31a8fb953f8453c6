import { X509Certificate } from 'node:crypto';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { UpstreamError } from '../upstream/errors';
import { fetchFromSns, signingCertUrlProblem } from './snsUrls';

// SNS rotates its signing certificates rarely; a day saves a fetch per message.
const TTL_MS = 24 * 60 * 60 * 1000;
// SNS signs a region's messages with one certificate at a time; 32 cover the
// regions of the stack's topics with room for rotations.
const DEFAULT_MAX_ENTRIES = 32;
// Anyone may name a fresh certificate URL; each costs SNS a request.
const DEFAULT_MAX_CONCURRENT_FETCHES = 4;

/**
 * The certificates SNS signs with, fetched from the URL a message names (only
 * ever an SNS URL). Held in this process, least recently used first out, so
 * that a flood of certificate URLs can neither grow memory nor a shared
 * cache; concurrent requests for one URL share its fetch, and only a few
 * URLs are fetched at once.
 */
export class SigningCertificates {
  private readonly held = new Map<
    string,
    { certificate: X509Certificate; fetchedAt: number }
  >();
  private readonly fetching = new Map<string, Promise<X509Certificate>>();

  constructor(
    private readonly options: {
      timeoutMs: number;
      maxEntries?: number;
      maxConcurrentFetches?: number;
      now?: () => number;
    },
  ) {}

  /** How many certificates are held. */
  get size(): number {
    return this.held.size;
  }

  /**
   * The certificate at `url`; InputError when the URL is not SNS's or names
   * no certificate, ServiceUnavailableError when too many are being fetched.
   */
  async get(url: string): Promise<X509Certificate> {
    const problem = signingCertUrlProblem(url);
    if (problem) {
      throw new InputError(`SigningCertURL ${problem}`);
    }
    const now = this.options.now?.() ?? Date.now();
    const entry = this.held.get(url);
    if (entry) {
      this.held.delete(url);
      if (now - entry.fetchedAt < TTL_MS) {
        this.held.set(url, entry);
        return entry.certificate;
      }
    }
    const pending = this.fetching.get(url);
    if (pending) return pending;
    if (
      this.fetching.size >=
      (this.options.maxConcurrentFetches ?? DEFAULT_MAX_CONCURRENT_FETCHES)
    ) {
      throw new ServiceUnavailableError(
        'Too many signing certificates are being fetched; retry later',
      );
    }
    const fetched = this.fetchCertificate(url).then(certificate => {
      this.hold(url, certificate, now);
      return certificate;
    });
    this.fetching.set(url, fetched);
    // Failures are not held: the next message naming the URL asks again.
    return fetched.finally(() => this.fetching.delete(url));
  }

  private hold(url: string, certificate: X509Certificate, fetchedAt: number) {
    this.held.set(url, { certificate, fetchedAt });
    const max = this.options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    for (const oldest of this.held.keys()) {
      if (this.held.size <= max) break;
      this.held.delete(oldest);
    }
  }

  private async fetchCertificate(url: string): Promise<X509Certificate> {
    const response = await fetchFromSns(
      url,
      this.options.timeoutMs,
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
    const pem = await response.text();
    try {
      return new X509Certificate(pem);
    } catch {
      throw new InputError('SigningCertURL does not point to a certificate');
    }
  }
}
