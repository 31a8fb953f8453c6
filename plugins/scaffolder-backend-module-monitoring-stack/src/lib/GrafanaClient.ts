import { NotAllowedError } from '@backstage/errors';

/** Status and parsed JSON body of a Grafana answer. @public */
export type GrafanaAnswer<T> = { status: number; body: T };

/**
 * A thin client of Grafana's HTTP API. Calls name the statuses the caller
 * handles itself (409 for "already exists", 404 for "not there"); any other
 * failure becomes an error that names the request, never the token.
 * @public
 */
export class GrafanaClient {
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(options: { baseUrl: string; token: string }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
  }

  async call<T = any>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: { orgId?: number; body?: unknown; handled?: number[] } = {},
  ): Promise<GrafanaAnswer<T>> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${this.token}`,
    };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (options.orgId !== undefined) {
      headers['X-Grafana-Org-Id'] = String(options.orgId);
    }
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body:
          options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (e) {
      throw new Error(
        `Grafana at ${this.baseUrl} is unreachable (${method} ${path}): ${
          (e as Error).message
        }`,
      );
    }
    const text = await response.text();
    let body: any = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = { message: text.slice(0, 200) };
    }
    if (response.ok || options.handled?.includes(response.status)) {
      return { status: response.status, body };
    }
    const reason = body?.message ? `: ${body.message}` : '';
    if (response.status === 401 || response.status === 403) {
      throw new NotAllowedError(
        `Grafana refused ${method} ${path} with ${response.status}${reason}; check that monitoringStack.grafana.token is a valid service account token with server admin rights`,
      );
    }
    throw new Error(
      `Grafana answered ${method} ${path} with ${response.status}${reason}`,
    );
  }
}
