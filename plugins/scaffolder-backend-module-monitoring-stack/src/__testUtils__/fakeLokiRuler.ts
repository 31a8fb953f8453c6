import { http, HttpResponse } from 'msw';
import yaml from 'yaml';

/**
 * An in-memory Loki ruler: rule groups per tenant (`X-Scope-OrgID`) and
 * namespace, with the ruler API's answers (404 for a missing group, 202 for
 * a stored one, 401 without a tenant header).
 */
export function createFakeLokiRuler(baseUrl: string) {
  const groups = new Map<string, string>();
  const posts: {
    tenant: string;
    namespace: string;
    contentType: string | null;
    body: string;
  }[] = [];
  const key = (tenant: string, namespace: string, group: string) =>
    `${tenant}/${namespace}/${group}`;
  const noTenant = () => new HttpResponse('no org id\n', { status: 401 });

  const handlers = [
    http.get(
      `${baseUrl}/loki/api/v1/rules/:namespace/:group`,
      ({ params, request }) => {
        const tenant = request.headers.get('x-scope-orgid');
        if (!tenant) return noTenant();
        const stored = groups.get(
          key(tenant, String(params.namespace), String(params.group)),
        );
        return stored
          ? new HttpResponse(stored, {
              headers: { 'Content-Type': 'application/yaml' },
            })
          : new HttpResponse('group does not exist\n', { status: 404 });
      },
    ),
    http.post(
      `${baseUrl}/loki/api/v1/rules/:namespace`,
      async ({ params, request }) => {
        const tenant = request.headers.get('x-scope-orgid');
        if (!tenant) return noTenant();
        const body = await request.text();
        const group = yaml.parse(body);
        posts.push({
          tenant,
          namespace: String(params.namespace),
          contentType: request.headers.get('content-type'),
          body,
        });
        // Loki stores what it parsed and answers with its own serialisation.
        groups.set(
          key(tenant, String(params.namespace), group.name),
          yaml.stringify(group),
        );
        return HttpResponse.json(
          { status: 'success', data: null, errorType: '', error: '' },
          { status: 202 },
        );
      },
    ),
  ];
  return { handlers, groups, posts };
}
