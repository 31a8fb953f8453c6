import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ADMIN_TENANT_ID,
  LokiRulesResponse,
  MonitoringStackSettings,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  audited,
  LokiRulerClient,
  lokiRuleSchemas,
  parseWith,
  requireUpstream,
  tenantLokiRuleGroups,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { mapLimit } from '../lib/mapLimit';
import { describeUpstreamFailure, UpstreamError } from '../upstream/errors';
import { RequestScopes } from '../tenancy/RequestScopes';
import { lokiRuleViews } from './lokiRuleViews';

/** A ruler failure as callers may read it: never the upstream's address. */
const rulerFailure = (name: string, error: unknown) =>
  describeUpstreamFailure(name, error).replace(/ at https?:\/\/\S+/g, '');

/** Loki's ruler answers one tenant per request; the admin view asks this many at once. */
const LOKI_CONCURRENCY = 8;

const schemas = lokiRuleSchemas(z);
/** The body of a PUT: the group without its name, which is in the path. */
const groupBody = schemas.group.omit({ name: true });

/**
 * The Loki rule groups of a tenant: `GET /tenants/:tenant/rules/loki` lists
 * them with each rule's state (the admin view `*` every tenant's);
 * `PUT`/`DELETE /tenants/:tenant/rules/loki/:namespace/:group` write one,
 * with the tenant's write right, the same checks as the `loki:rules`
 * scaffolder action (tenant label, owned namespaces, alerting LogQL in
 * canonical form), and on record as `loki-rules-write`.
 */
export function createLokiRulesRouter(options: {
  scopes: RequestScopes;
  settings: MonitoringStackSettings;
  auditor: AuditorService;
}): express.Router {
  const { scopes, settings, auditor } = options;
  const router = Router();
  const ruler = (tenantId: string) =>
    new LokiRulerClient({
      upstream: requireUpstream(settings, 'loki'),
      tenantId,
    });

  const read = async (tenant: TenantRef) => {
    const client = ruler(tenant.id);
    const [groups, states] = await Promise.all([
      client.listGroups(),
      client.ruleStates(),
    ]);
    return lokiRuleViews(tenant.id, groups, states);
  };

  router.get('/tenants/:tenant/rules/loki', async (req, res) => {
    const scope = await scopes.scope(req, req.params.tenant);
    const upstream = requireUpstream(settings, 'loki');
    if (scope.kind === 'tenant') {
      let groups;
      try {
        groups = await read(scope.tenant);
      } catch (error) {
        // Loki's failure, not the caller's: a 502 naming the ruler. No
        // cause: the error body would carry the upstream's address.
        throw new UpstreamError(rulerFailure(upstream.name, error));
      }
      const body: LokiRulesResponse = {
        tenant: scope.tenant.id,
        groups,
        errors: [],
      };
      res.json(body);
      return;
    }
    const errors: string[] = [];
    const lists = await mapLimit(scope.tenants, LOKI_CONCURRENCY, async t => {
      try {
        return await read(t);
      } catch (error) {
        errors.push(`tenant ${t.id}: ${rulerFailure(upstream.name, error)}`);
        return [];
      }
    });
    const body: LokiRulesResponse = {
      tenant: ADMIN_TENANT_ID,
      groups: lists.flat(),
      errors: errors.sort(),
    };
    res.json(body);
  });

  /** The one tenant a write acts on, with its write right. */
  const writable = async (req: Request) => {
    const scope = await scopes.scope(req, req.params.tenant, {
      right: 'write',
    });
    if (scope.kind !== 'tenant') {
      throw new InputError(
        `'${ADMIN_TENANT_ID}' stands for every tenant; write the rules of one tenant`,
      );
    }
    const namespace = parseWith(
      schemas.namespace,
      req.params.namespace,
      'rule namespace',
    );
    const group = parseWith(schemas.namespace, req.params.group, 'group name');
    return { tenant: scope.tenant, namespace, group };
  };

  /** A write of one rule group, as the audit log records it. */
  const auditedWrite = <T>(
    req: Request,
    target: Awaited<ReturnType<typeof writable>>,
    action: 'put' | 'delete',
    write: () => Promise<T>,
  ) =>
    audited(
      auditor,
      {
        eventId: 'loki-rules-write',
        severityLevel: 'medium',
        request: req,
        meta: {
          tenant: target.tenant.id,
          namespace: target.namespace,
          groups: [target.group],
          action,
        },
      },
      write,
    );

  router.put(
    '/tenants/:tenant/rules/loki/:namespace/:group',
    async (req, res) => {
      const { tenant, namespace, group } = await writable(req);
      const body = parseWith(groupBody, req.body, 'rule group');
      const [checked] = tenantLokiRuleGroups(tenant, [
        { name: group, ...body },
      ]);
      await auditedWrite(req, { tenant, namespace, group }, 'put', () =>
        ruler(tenant.id).putGroup(namespace, checked),
      );
      res.json({ tenant: tenant.id, namespace, group: checked });
    },
  );

  router.delete(
    '/tenants/:tenant/rules/loki/:namespace/:group',
    async (req, res) => {
      const { tenant, namespace, group } = await writable(req);
      const deleted = await auditedWrite(
        req,
        { tenant, namespace, group },
        'delete',
        () => ruler(tenant.id).deleteGroup(namespace, group),
      );
      if (!deleted) {
        throw new NotFoundError(
          `Tenant ${tenant.id} has no Loki rule group ${namespace}/${group}`,
        );
      }
      res.status(204).end();
    },
  );

  return router;
}
