import { CustomErrorBase, ResponseError } from '@backstage/errors';
import {
  UPSTREAM_NAMES,
  UpstreamKey,
} from './settings/readMonitoringStackSettings';

/**
 * A part of the stack that is not set up, and the setting that sets it up:
 * nothing failed, so pages say so calmly and name the setting.
 * @public
 */
export type NotConfigured = {
  /** What is not configured, as a sentence names it (`Loki`, `Grafana of tenant team-a`). */
  what: string;
  /** The setting to set (`monitoringStack.upstreams.loki.url`). */
  setting: string;
  /** What else sets it up, when there is another way (`or run grafana:provision for it`). */
  hint?: string;
};

/** The error name of {@link NotConfiguredError}, as it travels in the backend's error body. @public */
export const NOT_CONFIGURED_ERROR_NAME = 'NotConfiguredError';

/** The sentence of a part that is not configured. @public */
export function notConfiguredMessage(part: NotConfigured): string {
  return `${part.what} is not configured: set ${part.setting}${
    part.hint ? ` (${part.hint})` : ''
  }`;
}

/**
 * A request needs a part of the stack that is not configured: 503, and the
 * error body carries `what`, `setting` and `hint` beside the message, so
 * clients show a calm "not configured" instead of an error
 * ({@link notConfiguredOf}).
 * @public
 */
export class NotConfiguredError extends CustomErrorBase {
  /** {@link NOT_CONFIGURED_ERROR_NAME}, by which clients know it. */
  name = NOT_CONFIGURED_ERROR_NAME;
  /** 503: the service cannot answer until it is configured. */
  statusCode = 503;
  /** What is not configured. */
  readonly what: string;
  /** The setting that configures it. */
  readonly setting: string;
  /** Another way to configure it, when there is one. */
  readonly hint?: string;

  constructor(part: NotConfigured) {
    super(notConfiguredMessage(part));
    this.what = part.what;
    this.setting = part.setting;
    if (part.hint) this.hint = part.hint;
  }
}

/** A shared upstream that is not configured: its name and its URL setting. @public */
export function upstreamNotConfigured(key: UpstreamKey): NotConfigured {
  return {
    what: UPSTREAM_NAMES[key],
    setting: `monitoringStack.upstreams.${key}.url`,
  };
}

/**
 * A tenant's own Grafana that the portal cannot read: without its URL, the
 * tenant's `grafanaUrl`; with it, a service account token.
 * @public
 */
export function tenantGrafanaNotConfigured(
  tenantId: string,
  hasUrl: boolean,
): NotConfigured {
  const what = `Grafana of tenant ${tenantId}`;
  return hasUrl
    ? {
        what,
        setting: 'monitoringStack.grafanaServiceAccounts',
        hint: 'or run grafana:provision for the tenant',
      }
    : {
        what,
        setting: 'monitoringStack.tenants[].grafanaUrl',
        hint: 'monitoringStack.tenantGrafanaUrl for tenants read from Kubernetes',
      };
}

/**
 * The part that is not configured when `error` is a
 * {@link NotConfiguredError}, thrown here or answered by the backend (a
 * `ResponseError` whose body names it); undefined for any other error.
 * @public
 */
export function notConfiguredOf(error: unknown): NotConfigured | undefined {
  const candidate = ResponseError.is(error) ? error.body?.error : error;
  if (!candidate || typeof candidate !== 'object') return undefined;
  const { name, what, setting, hint } = candidate as Record<string, unknown>;
  if (
    name !== NOT_CONFIGURED_ERROR_NAME ||
    typeof what !== 'string' ||
    typeof setting !== 'string'
  ) {
    return undefined;
  }
  return typeof hint === 'string' ? { what, setting, hint } : { what, setting };
}
