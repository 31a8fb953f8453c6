import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { checkDeliverable } from './config';
import type { Logger } from './logger';
import {
  RefreshingRoutingDocument,
  type DocumentText,
  type RoutingDocument,
} from './routingDocument';

/** An S3 object: the routing document's home (`NOTIFIER_CONFIG_S3`). */
export type S3Location = { bucket: string; key: string };

/** `s3://<bucket>/<key>`, as NOTIFIER_CONFIG_S3 names it. */
export const s3Uri = ({ bucket, key }: S3Location) => `s3://${bucket}/${key}`;

/** How long one read may take before the last good document is used instead. */
const DEFAULT_READ_TIMEOUT_MS = 5000;

function describeS3Error(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The role may read the object but not list the bucket, and S3 then
  // answers a missing object with AccessDenied rather than NoSuchKey.
  const hint =
    error.name === 'AccessDenied'
      ? ' (also the answer for a missing object, since the role may not list the bucket)'
      : '';
  return `${error.name}: ${error.message}${hint}`;
}

/**
 * Reads an object's text with one `GetObject`, giving up after `timeoutMs`.
 * The version is the object's ETag, so an unchanged object is not parsed again.
 */
export function s3DocumentReader(
  s3: S3Client,
  { bucket, key }: S3Location,
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): () => Promise<DocumentText> {
  return async () => {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(
          Object.assign(new Error(`S3 did not answer within ${timeoutMs} ms`), {
            name: 'TimeoutError',
          }),
        );
      }, timeoutMs);
    });
    const read = (async (): Promise<DocumentText> => {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key }),
        { abortSignal: abort.signal },
      );
      if (!object.Body) throw new Error('the object has no body');
      return {
        text: await object.Body.transformToString('utf-8'),
        version: object.ETag,
      };
    })();
    // Once the timeout has won, the aborted read's rejection is expected.
    read.catch(() => {});
    try {
      return await Promise.race([read, timeout]);
    } catch (error) {
      throw new Error(describeS3Error(error));
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Options of {@link s3RoutingDocument}. */
export type S3RoutingDocumentOptions = {
  s3: S3Client;
  location: S3Location;
  refreshSeconds: number;
  /** EMAIL_FROM; a document with an email route is refused without it. */
  emailFrom?: string;
  logger: Logger;
  now?: () => number;
  timeoutMs?: number;
};

/** The routing document in S3 (`NOTIFIER_CONFIG_S3`), read at cold start and refreshed. */
export function s3RoutingDocument(
  options: S3RoutingDocumentOptions,
): RoutingDocument {
  return new RefreshingRoutingDocument({
    source: s3Uri(options.location),
    read: s3DocumentReader(options.s3, options.location, options.timeoutMs),
    refreshMs: options.refreshSeconds * 1000,
    check: config => checkDeliverable(config, options.emailFrom),
    logger: options.logger,
    now: options.now,
  });
}
