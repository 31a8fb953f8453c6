import { LoggerService } from '@backstage/backend-plugin-api';
import { withoutTrailingSlash } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { GrafanaClient } from './GrafanaClient';
import {
  ensureFolder,
  ensureFolderTeamPermission,
  ensureTeam,
  ensureTeamMembers,
  FolderPermissionName,
} from './grafanaResources';

/** What giving a group access to a tenant's folder did. @public */
export type GroupAccessResult = {
  teamId: number;
  folderUrl: string;
  unknownMembers: string[];
  changes: string[];
};

/**
 * Gives a catalog group access to a tenant's folder: a team named after the
 * group's entity ref, its members, and the team's permission on the folder.
 * Shared by `grafana:provision` (the owner) and `grafana:grant` (others).
 * @public
 */
export async function ensureGroupAccess(
  client: GrafanaClient,
  options: {
    grafanaUrl: string;
    orgId: number;
    folder: { uid: string; title: string };
    groupRef: string;
    memberEmails: string[];
    permission: FolderPermissionName;
    logger: LoggerService;
  },
): Promise<GroupAccessResult> {
  const { orgId, groupRef, permission, logger } = options;
  const changes: string[] = [];
  const folder = await ensureFolder(client, { orgId, ...options.folder });
  if (folder.created) changes.push(`created folder ${options.folder.uid}`);
  const team = await ensureTeam(client, orgId, groupRef);
  if (team.created) changes.push(`created team ${groupRef}`);
  const members = await ensureTeamMembers(client, {
    orgId,
    teamId: team.teamId,
    emails: options.memberEmails,
    logger,
  });
  changes.push(
    ...members.added.map(email => `added ${email} to team ${groupRef}`),
  );
  const grant = await ensureFolderTeamPermission(client, {
    orgId,
    folderUid: options.folder.uid,
    teamId: team.teamId,
    permission,
  });
  if (grant.changed)
    changes.push(
      `gave team ${groupRef} ${permission} on folder ${options.folder.uid}`,
    );
  return {
    teamId: team.teamId,
    folderUrl: `${withoutTrailingSlash(options.grafanaUrl)}${folder.url}`,
    unknownMembers: members.unknown,
    changes,
  };
}

/** The outputs `grafana:provision` and `grafana:grant` share. @public */
export type AccessOutputs = {
  orgId: number;
  teamId: number;
  folderUrl: string;
  unknownMembers: string[];
};

/**
 * Writes the outputs `grafana:provision` and `grafana:grant` share; a dry
 * run, which calls nothing, has no ids yet and the folder's URL to be.
 * @public
 */
export function outputAccess(
  ctx: {
    output(
      name: keyof AccessOutputs,
      value: AccessOutputs[keyof AccessOutputs],
    ): void;
  },
  outputs:
    | AccessOutputs
    | { dryRun: { grafanaUrl: string; folderUid: string } },
): void {
  const values: AccessOutputs =
    'dryRun' in outputs
      ? {
          orgId: 0,
          teamId: 0,
          folderUrl: `${withoutTrailingSlash(
            outputs.dryRun.grafanaUrl,
          )}/dashboards/f/${outputs.dryRun.folderUid}/`,
          unknownMembers: [],
        }
      : outputs;
  for (const name of Object.keys(values) as Array<keyof AccessOutputs>) {
    ctx.output(name, values[name]);
  }
}
