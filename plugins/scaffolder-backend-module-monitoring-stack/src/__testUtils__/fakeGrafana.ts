import { http, HttpResponse } from 'msw';
import { randomBytes } from 'node:crypto';

type ServiceAccount = {
  id: number;
  name: string;
  orgId: number;
  role: string;
  isDisabled: boolean;
  tokens: Array<{ id: number; name: string; key: string }>;
};

/**
 * An in-memory Grafana (a tenant's own, everything in org 1) that answers
 * the documented HTTP API endpoints the actions use, with Grafana's status
 * codes for conflicts and missing objects. Server-admin endpoints
 * (`/api/orgs`, `/api/users`) are not there: an org Admin service account
 * cannot call them.
 * It takes a bearer `token` (a service account token made outside), the
 * tokens of its own service accounts (`/api/serviceaccounts`), and, when
 * it has an `adminPassword`, basic auth of its admin user `admin`.
 * `requests` records every call as `METHOD path`, `bodies` what they sent,
 * `callers` who sent it: `admin`, `token` (the one made outside) or
 * `sa:<name>` (a token of that service account).
 */
export function createFakeGrafana(options: {
  baseUrl: string;
  token?: string;
  adminPassword?: string;
}) {
  const { baseUrl, token, adminPassword } = options;
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
    serviceAccounts: new Map<number, ServiceAccount>(),
  };
  const requests: string[] = [];
  const bodies: Record<string, any[]> = {};
  const callers: string[] = [];
  let nextId = 10;

  /** Who the Authorization header is, as Grafana authenticates it. */
  const callerOf = (authorization: string | null): string | undefined => {
    const [scheme, credentials] = (authorization ?? '').split(' ');
    if (scheme === 'Basic' && adminPassword !== undefined) {
      const decoded = Buffer.from(credentials ?? '', 'base64').toString();
      return decoded === `admin:${adminPassword}` ? 'admin' : undefined;
    }
    if (scheme !== 'Bearer' || !credentials) return undefined;
    if (token !== undefined && credentials === token) return 'token';
    const account = [...state.serviceAccounts.values()].find(
      a => !a.isDisabled && a.tokens.some(t => t.key === credentials),
    );
    return account && `sa:${account.name}`;
  };

  const record = async (request: Request) => {
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}${url.search}`;
    requests.push(key);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    (bodies[key] ??= []).push(text ? JSON.parse(text) : undefined);
    const authorization = request.headers.get('authorization');
    const caller = callerOf(authorization);
    callers.push(caller ?? 'refused');
    if (!caller) {
      return authorization?.startsWith('Basic ')
        ? HttpResponse.json(
            {
              message: 'Invalid username or password',
              messageId: 'password-auth.failed',
              statusCode: 401,
            },
            { status: 401 },
          )
        : HttpResponse.json({ message: 'invalid API key' }, { status: 401 });
    }
    return undefined;
  };
  const orgOf = (request: Request) =>
    Number(request.headers.get('x-grafana-org-id') ?? 1);
  const writes: string[] = [];
  const route = (
    method: 'get' | 'post' | 'put' | 'patch',
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

  const accountJson = (a: ServiceAccount) => ({
    id: a.id,
    name: a.name,
    login: `sa-${a.orgId}-${a.name}`,
    orgId: a.orgId,
    isDisabled: a.isDisabled,
    role: a.role,
    tokens: a.tokens.length,
    avatarUrl: `/avatar/${a.id}`,
  });
  const accountIn = (request: Request, id: unknown) => {
    const account = state.serviceAccounts.get(Number(id));
    return account && account.orgId === orgOf(request) ? account : undefined;
  };
  const noAccount = () =>
    HttpResponse.json(
      { message: 'service account not found' },
      { status: 404 },
    );

  const handlers = [
    // Service accounts (docs: developers/http_api/serviceaccount).
    route('get', '/api/serviceaccounts/search', ({ request }) => {
      const query = (
        new URL(request.url).searchParams.get('query') ?? ''
      ).toLowerCase();
      const found = [...state.serviceAccounts.values()].filter(
        a => a.orgId === orgOf(request) && a.name.toLowerCase().includes(query),
      );
      return HttpResponse.json({
        totalCount: found.length,
        serviceAccounts: found.map(accountJson),
        page: 1,
        perPage: 1000,
      });
    }),
    route('post', '/api/serviceaccounts', async ({ request }) => {
      const body = (await request.json()) as any;
      const orgId = orgOf(request);
      if (
        [...state.serviceAccounts.values()].some(
          a => a.orgId === orgId && a.name === body.name,
        )
      ) {
        return HttpResponse.json(
          { message: 'service account already exists' },
          { status: 400 },
        );
      }
      const account: ServiceAccount = {
        id: nextId++,
        name: body.name,
        orgId,
        role: body.role ?? 'Viewer',
        isDisabled: body.isDisabled ?? false,
        tokens: [],
      };
      state.serviceAccounts.set(account.id, account);
      return HttpResponse.json(
        { ...accountJson(account), teams: [] },
        { status: 201 },
      );
    }),
    route('patch', '/api/serviceaccounts/:id', async ({ params, request }) => {
      const account = accountIn(request, params.id);
      if (!account) return noAccount();
      const body = (await request.json()) as any;
      Object.assign(
        account,
        Object.fromEntries(
          ['name', 'role', 'isDisabled']
            .filter(k => body[k] !== undefined)
            .map(k => [k, body[k]]),
        ),
      );
      return HttpResponse.json({
        message: 'Service account updated',
        id: account.id,
        name: account.name,
        serviceaccount: accountJson(account),
      });
    }),
    route('get', '/api/serviceaccounts/:id/tokens', ({ params, request }) => {
      const account = accountIn(request, params.id);
      if (!account) return noAccount();
      return HttpResponse.json(
        account.tokens.map(t => ({
          id: t.id,
          name: t.name,
          created: new Date().toISOString(),
          expiration: null,
          secondsUntilExpiration: 0,
          hasExpired: false,
        })),
      );
    }),
    route(
      'post',
      '/api/serviceaccounts/:id/tokens',
      async ({ params, request }) => {
        const account = accountIn(request, params.id);
        if (!account) return noAccount();
        const { name } = (await request.json()) as any;
        if (account.tokens.some(t => t.name === name)) {
          return HttpResponse.json(
            {
              message:
                'service account token with given name already exists in the organization',
            },
            { status: 409 },
          );
        }
        const created = {
          id: nextId++,
          name,
          key: `glsa_${randomBytes(16).toString('hex')}_${randomBytes(
            4,
          ).toString('hex')}`,
        };
        account.tokens.push(created);
        return HttpResponse.json(created);
      },
    ),

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
    callers,
    /** Calls that changed something: every POST, PUT and PATCH answered with 2xx. */
    writes,
    /** A service account made by hand, in org 1. */
    addServiceAccount(name: string, role: string, isDisabled = false) {
      const id = nextId++;
      state.serviceAccounts.set(id, {
        id,
        name,
        orgId: 1,
        role,
        isDisabled,
        tokens: [],
      });
      return id;
    },
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
