import {
  callUpstream,
  upstreamFailure,
  UpstreamTarget,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

/** Status and parsed JSON body of a Grafana answer. @public */
export type GrafanaAnswer<T> = { status: number; body: T };

/**
 * A thin client of Grafana's HTTP API. Calls name the statuses the caller
 * handles itself (409 for "already exists", 404 for "not there"); any other
 * failure becomes an error that names the request, never the credentials.
 * @public
 */
export class GrafanaClient {
  constructor(
    private readonly connection: {
      upstream: UpstreamTarget;
      /** The `Authorization` header: `Bearer <token>`, or `Basic ...` for the admin user. */
      authorization: string;
      accessHint: string;
    },
  ) {}

  async call<T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    options: { orgId?: number; body?: unknown; handled?: number[] } = {},
  ): Promise<GrafanaAnswer<T>> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: this.connection.authorization,
    };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (options.orgId !== undefined) {
      headers['X-Grafana-Org-Id'] = String(options.orgId);
    }
    const answer = await callUpstream(this.connection.upstream, method, path, {
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    let body: any = undefined;
    try {
      body = answer.text ? JSON.parse(answer.text) : undefined;
    } catch {
      body = { message: answer.text.slice(0, 200) };
    }
    if (answer.ok || options.handled?.includes(answer.status)) {
      return { status: answer.status, body };
    }
    throw upstreamFailure(
      this.connection.upstream,
      {
        method,
        path,
        status: answer.status,
        reason: body?.message ? `: ${body.message}` : '',
      },
      this.connection.accessHint,
    );
  }
}
