import { InputError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { GrafanaClient } from './GrafanaClient';

/**
 * Idempotent "ensure" steps on Grafana's documented HTTP API. Each creates
 * what is missing, reuses what exists and says whether it changed anything.
 */

/** Folder permission levels of Grafana's folder permissions API. @public */
export const FOLDER_PERMISSION = { View: 1, Edit: 2, Admin: 4 } as const;

/** A folder permission level name. @public */
export type FolderPermissionName = keyof typeof FOLDER_PERMISSION;

/** Creates the team in the organisation, or reuses the team of that name. @public */
export async function ensureTeam(
  client: GrafanaClient,
  orgId: number,
  name: string,
): Promise<{ teamId: number; created: boolean }> {
  const created = await client.call('POST', '/api/teams', {
    orgId,
    body: { name },
    handled: [409],
  });
  if (created.status !== 409) {
    return { teamId: created.body.teamId, created: true };
  }
  const search = await client.call(
    'GET',
    `/api/teams/search?name=${encodeURIComponent(name)}`,
    {
      orgId,
    },
  );
  const team = (search.body.teams ?? []).find(
    (t: { name: string }) => t.name === name,
  );
  if (!team) {
    throw new Error(
      `Grafana says team '${name}' exists in org ${orgId} but does not find it`,
    );
  }
  return { teamId: team.id, created: false };
}

/**
 * Makes each email a member of the organisation (as Viewer) and of the team,
 * with the organisation's own API (`/api/org/users`), which an org Admin
 * service account may call. Emails without a Grafana user (who never signed
 * in) are returned, not failed: they join once their user exists and the
 * step runs again.
 * @public
 */
export async function ensureTeamMembers(
  client: GrafanaClient,
  options: {
    orgId: number;
    teamId: number;
    emails: string[];
    logger: LoggerService;
  },
): Promise<{ added: string[]; unknown: string[] }> {
  const { orgId, teamId, emails, logger } = options;
  const orgUsers = await client.call<
    { userId: number; email?: string; login?: string }[]
  >('GET', '/api/org/users', { orgId });
  const byEmail = new Map<string, number>();
  for (const user of orgUsers.body) {
    for (const key of [user.email, user.login]) {
      if (key) byEmail.set(key.toLocaleLowerCase('en-US'), user.userId);
    }
  }
  const teamMembers = await client.call<{ userId: number }[]>(
    'GET',
    `/api/teams/${teamId}/members`,
    { orgId },
  );
  const inTeam = new Set(teamMembers.body.map(m => m.userId));
  const added: string[] = [];
  const unknown: string[] = [];
  for (const email of emails) {
    let userId = byEmail.get(email.toLocaleLowerCase('en-US'));
    if (userId === undefined) {
      const joined = await client.call('POST', '/api/org/users', {
        orgId,
        body: { loginOrEmail: email, role: 'Viewer' },
        handled: [404],
      });
      if (joined.status === 404 || typeof joined.body?.userId !== 'number') {
        logger.warn(
          `Grafana has no user ${email} yet; they join the team once they have signed in and this runs again`,
        );
        unknown.push(email);
        continue;
      }
      userId = joined.body.userId as number;
    }
    if (!inTeam.has(userId)) {
      await client.call('POST', `/api/teams/${teamId}/members`, {
        orgId,
        body: { userId },
      });
      added.push(email);
    }
  }
  return { added, unknown };
}

/** Creates the folder, or reuses it when its uid exists. @public */
export async function ensureFolder(
  client: GrafanaClient,
  options: { orgId: number; uid: string; title: string },
): Promise<{ url: string; created: boolean }> {
  const { orgId, uid, title } = options;
  // Grafana answers 409 (older versions 412) when the uid or title is taken.
  const created = await client.call('POST', '/api/folders', {
    orgId,
    body: { uid, title },
    handled: [409, 412],
  });
  if (created.status === 200) {
    return { url: created.body.url, created: true };
  }
  const existing = await client.call(
    'GET',
    `/api/folders/${encodeURIComponent(uid)}`,
    {
      orgId,
      handled: [404],
    },
  );
  if (existing.status === 404) {
    throw new InputError(
      `Grafana org ${orgId} has a folder titled '${title}' with another uid than '${uid}'; rename or remove it`,
    );
  }
  return { url: existing.body.url, created: false };
}

/** An entry of Grafana's folder permissions list. */
type PermissionItem = {
  teamId?: number;
  userId?: number;
  role?: string;
  permission: number;
  inherited?: boolean;
};

/**
 * Gives a team a permission on a folder. Grafana's POST replaces the whole
 * list, so the existing entries are read and sent back with the team's.
 * @public
 */
export async function ensureFolderTeamPermission(
  client: GrafanaClient,
  options: {
    orgId: number;
    folderUid: string;
    teamId: number;
    permission: FolderPermissionName;
  },
): Promise<{ changed: boolean }> {
  const { orgId, folderUid, teamId } = options;
  const permission = FOLDER_PERMISSION[options.permission];
  const path = `/api/folders/${encodeURIComponent(folderUid)}/permissions`;
  const current = await client.call<PermissionItem[]>('GET', path, { orgId });
  const own = current.body.filter(item => !item.inherited);
  if (
    own.some(item => item.teamId === teamId && item.permission === permission)
  ) {
    return { changed: false };
  }
  const items = own
    .filter(item => item.teamId !== teamId)
    .map(item => {
      if (item.role) return { role: item.role, permission: item.permission };
      if (item.teamId)
        return { teamId: item.teamId, permission: item.permission };
      return { userId: item.userId, permission: item.permission };
    });
  await client.call('POST', path, {
    orgId,
    body: { items: [...items, { teamId, permission }] },
  });
  return { changed: true };
}
