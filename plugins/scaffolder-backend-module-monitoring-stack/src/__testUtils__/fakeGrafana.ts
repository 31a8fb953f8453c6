import { http, HttpResponse } from 'msw';

/**
 * An in-memory Grafana that answers the documented HTTP API endpoints the
 * actions use, with Grafana's status codes for conflicts and missing objects.
 * `requests` records every call as `METHOD path`, `bodies` what they sent.
 */
export function createFakeGrafana(options: { baseUrl: string; token: string }) {
  const { baseUrl, token } = options;
  const state = {
    orgs: new Map<string, number>(),
    users: new Map<string, number>(),
    orgUsers: new Map<number, Set<number>>(),
    teams: new Map<
      number,
      { id: number; name: string; orgId: number; members: Set<number> }
    >(),
    folders: new Map<
      string,
      { uid: string; title: string; orgId: number; permissions: any[] }
    >(),
    dataSources: new Map<string, any>(),
  };
  const requests: string[] = [];
  const bodies: Record<string, any[]> = {};
  let nextId = 10;

  const record = async (request: Request) => {
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}${url.search}`;
    requests.push(key);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    (bodies[key] ??= []).push(text ? JSON.parse(text) : undefined);
    if (request.headers.get('authorization') !== `Bearer ${token}`) {
      return HttpResponse.json({ message: 'invalid API key' }, { status: 401 });
    }
    return undefined;
  };
  const orgOf = (request: Request) =>
    Number(request.headers.get('x-grafana-org-id') ?? 1);
  const writes: string[] = [];
  const route = (
    method: 'get' | 'post' | 'put',
    path: string,
    fn: (args: any) => any,
  ) =>
    http[method](`${baseUrl}${path}`, async args => {
      const refused = await record(args.request);
      if (refused) return refused;
      const response: Response = await fn(args);
      if (method !== 'get' && response.ok) {
        writes.push(
          `${method.toUpperCase()} ${new URL(args.request.url).pathname}`,
        );
      }
      return response;
    });

  const handlers = [
    route('post', '/api/orgs', async ({ request }) => {
      const { name } = (await request.json()) as any;
      if (state.orgs.has(name)) {
        return HttpResponse.json(
          { message: 'Organization name taken' },
          { status: 409 },
        );
      }
      const orgId = nextId++;
      state.orgs.set(name, orgId);
      state.orgUsers.set(orgId, new Set());
      return HttpResponse.json({ orgId, message: 'Organization created' });
    }),
    route('get', '/api/orgs/name/:name', ({ params }) => {
      const id = state.orgs.get(params.name);
      return id
        ? HttpResponse.json({ id, name: params.name })
        : HttpResponse.json(
            { message: 'Organization not found' },
            { status: 404 },
          );
    }),
    route('get', '/api/orgs/:orgId/users', ({ params }) =>
      HttpResponse.json(
        [...(state.orgUsers.get(Number(params.orgId)) ?? [])].map(userId => ({
          userId,
        })),
      ),
    ),
    route('post', '/api/orgs/:orgId/users', async ({ params, request }) => {
      const { loginOrEmail } = (await request.json()) as any;
      const users = state.orgUsers.get(Number(params.orgId))!;
      const userId = state.users.get(loginOrEmail)!;
      if (users.has(userId)) {
        return HttpResponse.json(
          { message: 'User is already member of this organization' },
          { status: 409 },
        );
      }
      users.add(userId);
      return HttpResponse.json({
        message: 'User added to organization',
        userId,
      });
    }),
    route('get', '/api/users/lookup', ({ request }) => {
      const login = new URL(request.url).searchParams.get('loginOrEmail')!;
      const id = state.users.get(login);
      return id
        ? HttpResponse.json({ id, email: login, login })
        : HttpResponse.json({ message: 'user not found' }, { status: 404 });
    }),
    route('post', '/api/teams', async ({ request }) => {
      const { name } = (await request.json()) as any;
      const orgId = orgOf(request);
      if (
        [...state.teams.values()].some(
          t => t.orgId === orgId && t.name === name,
        )
      ) {
        return HttpResponse.json(
          { message: 'Team name taken' },
          { status: 409 },
        );
      }
      const id = nextId++;
      state.teams.set(id, { id, name, orgId, members: new Set() });
      return HttpResponse.json({ message: 'Team created', teamId: id });
    }),
    route('get', '/api/teams/search', ({ request }) => {
      const name = new URL(request.url).searchParams.get('name');
      const teams = [...state.teams.values()]
        .filter(t => t.orgId === orgOf(request) && t.name === name)
        .map(t => ({ id: t.id, name: t.name, orgId: t.orgId }));
      return HttpResponse.json({
        totalCount: teams.length,
        teams,
        page: 1,
        perPage: 1000,
      });
    }),
    route('get', '/api/teams/:id/members', ({ params }) =>
      HttpResponse.json(
        [...state.teams.get(Number(params.id))!.members].map(userId => ({
          userId,
        })),
      ),
    ),
    route('post', '/api/teams/:id/members', async ({ params, request }) => {
      const { userId } = (await request.json()) as any;
      state.teams.get(Number(params.id))!.members.add(userId);
      return HttpResponse.json({ message: 'Member added to Team' });
    }),
    route('post', '/api/folders', async ({ request }) => {
      const { uid, title } = (await request.json()) as any;
      const orgId = orgOf(request);
      if (
        [...state.folders.values()].some(
          f => f.orgId === orgId && (f.uid === uid || f.title === title),
        )
      ) {
        return HttpResponse.json(
          { message: 'a folder with the same name already exists' },
          { status: 409 },
        );
      }
      state.folders.set(uid, {
        uid,
        title,
        orgId,
        permissions: [{ role: 'Viewer', permission: 1 }],
      });
      return HttpResponse.json({
        uid,
        title,
        id: nextId++,
        url: `/dashboards/f/${uid}/`,
      });
    }),
    route('get', '/api/folders/:uid', ({ params, request }) => {
      const folder = state.folders.get(params.uid);
      return folder && folder.orgId === orgOf(request)
        ? HttpResponse.json({
            uid: folder.uid,
            title: folder.title,
            url: `/dashboards/f/${folder.uid}/`,
          })
        : HttpResponse.json({ message: 'folder not found' }, { status: 404 });
    }),
    route('get', '/api/folders/:uid/permissions', ({ params }) =>
      HttpResponse.json(
        state.folders
          .get(params.uid)!
          .permissions.map(p => ({ teamId: 0, userId: 0, ...p })),
      ),
    ),
    route(
      'post',
      '/api/folders/:uid/permissions',
      async ({ params, request }) => {
        const { items } = (await request.json()) as any;
        state.folders.get(params.uid)!.permissions = items;
        return HttpResponse.json({ message: 'Folder permissions updated' });
      },
    ),
    route('post', '/api/datasources', async ({ request }) => {
      const body = (await request.json()) as any;
      const orgId = orgOf(request);
      const key = `${orgId}/${body.uid}`;
      const sameName = [...state.dataSources.values()].some(
        d => d.orgId === orgId && d.name === body.name,
      );
      if (state.dataSources.has(key) || sameName) {
        return HttpResponse.json(
          { message: 'data source with the same name already exists' },
          { status: 409 },
        );
      }
      const { secureJsonData, ...visible } = body;
      state.dataSources.set(key, {
        ...visible,
        orgId,
        id: nextId++,
        secureJsonFields: Object.fromEntries(
          Object.keys(secureJsonData ?? {}).map(k => [k, true]),
        ),
      });
      return HttpResponse.json({
        message: 'Datasource added',
        datasource: visible,
      });
    }),
    route('get', '/api/datasources/uid/:uid', ({ params, request }) => {
      const found = state.dataSources.get(`${orgOf(request)}/${params.uid}`);
      return found
        ? HttpResponse.json(found)
        : HttpResponse.json(
            { message: 'Data source not found' },
            { status: 404 },
          );
    }),
    route('put', '/api/datasources/uid/:uid', async ({ params, request }) => {
      const key = `${orgOf(request)}/${params.uid}`;
      const { secureJsonData, ...visible } = (await request.json()) as any;
      state.dataSources.set(key, { ...state.dataSources.get(key), ...visible });
      return HttpResponse.json({ message: 'Datasource updated' });
    }),
  ];

  return {
    handlers,
    state,
    requests,
    bodies,
    /** Calls that changed something: every POST and PUT answered with 2xx. */
    writes,
    addUser(email: string) {
      const id = nextId++;
      state.users.set(email, id);
      return id;
    },
  };
}
