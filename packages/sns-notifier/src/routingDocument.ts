import {
  ConfigError,
  parseNotifierConfig,
  type NotifierConfig,
} from './config';
import type { Logger } from './logger';

/** The routing document as the handler reads it: once per batch. */
export interface RoutingDocument {
  /**
   * The document to route a batch with. Rejects only while there has never
   * been a valid one (a cold start that could not read it).
   */
  current(): Promise<NotifierConfig>;
}

/** A document read once, at cold start (`NOTIFIER_CONFIG`, `NOTIFIER_CONFIG_FILE`, tests). */
export function fixedRoutingDocument(config: NotifierConfig): RoutingDocument {
  return { current: async () => config };
}

/** One read of a document: its text and, if the store has one, a version (an S3 ETag). */
export type DocumentText = { text: string; version?: string };

/** Options of a {@link RefreshingRoutingDocument}. */
export type RefreshingRoutingDocumentOptions = {
  /** Names the document in errors and logs, e.g. `s3://bucket/routing.json`. */
  source: string;
  /** Reads the document's text; rejects when it cannot. */
  read: () => Promise<DocumentText>;
  /** How long a document is used before it is read again. */
  refreshMs: number;
  /** Checks beyond the schema (an email route needs EMAIL_FROM); throws a ConfigError to refuse. */
  check?: (config: NotifierConfig) => void;
  logger: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
};

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * A routing document kept in a store (S3): read at cold start, and read
 * again before the first batch once `refreshMs` have passed. A refresh never
 * fails a batch: a document that cannot be read, or that does not validate,
 * is logged and the last good one stays in use until the next refresh.
 */
export class RefreshingRoutingDocument implements RoutingDocument {
  private good?: { config: NotifierConfig; version?: string };
  private readAt = 0;
  private reading?: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: RefreshingRoutingDocumentOptions) {
    this.now = options.now ?? Date.now;
  }

  async current(): Promise<NotifierConfig> {
    if (!this.good || this.now() - this.readAt >= this.options.refreshMs) {
      // Batches that arrive while a read is under way wait for that one read.
      this.reading ??= this.read().finally(() => {
        this.reading = undefined;
      });
      await this.reading;
    }
    return this.good!.config;
  }

  private async read(): Promise<void> {
    const { source, logger } = this.options;
    const last = this.good;
    this.readAt = this.now();
    try {
      const { text, version } = await this.options.read().catch(error => {
        throw new Error(
          `Cannot read the routing document ${source}: ${messageOf(error)}`,
        );
      });
      if (last && version !== undefined && version === last.version) {
        return;
      }
      const config = parseNotifierConfig(text, source);
      try {
        this.options.check?.(config);
      } catch (error) {
        throw new ConfigError(`${source} is refused: ${messageOf(error)}`);
      }
      this.good = { config, version };
      logger.info(last ? 'routing document changed' : 'routing document read', {
        source,
        version,
        tenants: Object.keys(config.tenants).length,
      });
    } catch (error) {
      if (!last) {
        // Cold start: there is nothing to route with, so the invocation fails.
        throw error;
      }
      logger.error(
        error instanceof ConfigError
          ? 'routing document refused; routing with the last good one'
          : 'routing document not read; routing with the last good one',
        { source, error: messageOf(error), lastGoodVersion: last.version },
      );
    }
  }
}
