import { http, HttpResponse } from 'msw';

/**
 * An in-memory Grafana (a tenant's own, everything in org 1) that answers
 * the documented HTTP API endpoints the actions use, with Grafana's status
 * codes for conflicts and missing objects. Server-admin endpoints
 * (`/api/orgs`, `/api/users`) are not there: an org Admin service account
 * cannot call them.
 * `requests` records every call as `METHOD path`, `bodies` what they sent.
 */
export function createFakeGrafana(options: { baseUrl: string; token: string }) {
  const { baseUrl, token } = options;
  const state = {
    users: new Map<string, number>(),
    orgUsers: new Map<number, Set<number>>([[1, new Set<number>()]]),
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
    route('get', '/api/org/users', ({ request }) => {
      const emails = new Map([...state.users].map(([e, id]) => [id, e]));
      return HttpResponse.json(
        [...(state.orgUsers.get(orgOf(request)) ?? [])].map(userId => ({
          userId,
          email: emails.get(userId),
          login: emails.get(userId),
        })),
      );
    }),
    route('post', '/api/org/users', async ({ request }) => {
      const { loginOrEmail } = (await request.json()) as any;
      const users = state.orgUsers.get(orgOf(request))!;
      const userId = state.users.get(loginOrEmail);
      if (userId === undefined) {
        return HttpResponse.json(
          { message: 'User not found' },
          { status: 404 },
        );
      }
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
    route('get', '/api/datasources/uid/:uid', ({ params, request }) => {
      const found = state.dataSources.get(`${orgOf(request)}/${params.uid}`);
      return found
        ? HttpResponse.json(found)
        : HttpResponse.json(
            { message: 'Data source not found' },
            { status: 404 },
          );
    }),
  ];

  return {
    handlers,
    state,
    requests,
    bodies,
    /** Calls that changed something: every POST and PUT answered with 2xx. */
    writes,
    /** A data source provisioned from a file, in org 1. */
    provisionDataSource(uid: string) {
      state.dataSources.set(`1/${uid}`, { uid, orgId: 1, readOnly: true });
    },
    addUser(email: string) {
      const id = nextId++;
      state.users.set(email, id);
      return id;
    },
  };
}
