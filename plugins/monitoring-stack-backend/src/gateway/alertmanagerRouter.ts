import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import {
  alertReadMatcher,
  matcherText,
  ScopedTenant,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { upstreamPath } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { UpstreamError } from '../upstream/errors';
import { ScopeResolver } from '../upstream/ScopeResolver';
import {
  callUpstream,
  pipeUpstream,
  readUpstreamJson,
  resolveUpstream,
  UpstreamRef,
} from '../upstream/upstream';
import { ENDPOINT_PARAMS, requestParams } from './params';
import { filterAlertGroups, filterAlertmanagerAlerts } from './responseFilters';
import {
  parsePostableSilence,
  SilenceMatcher,
  silenceBelongsTo,
  tenantSilence,
} from './silences';

const SILENCE_ID = /^[0-9a-fA-F-]{1,64}$/;

type Silence = { id?: string; matchers?: SilenceMatcher[] };

/**
 * The alertmanager-proxy: `/tenants/:tenant/alertmanager/api/v2/...`. Alert
 * reads keep the tenant's alerts (`ownsAlert`: the tenant its `tenant_id`
 * names, else the tenant of its namespace), narrowed server-side where one
 * filter says the same; silences are listed only when they are the
 * tenant's, and may only be created, changed or expired as the tenant's.
 */
export function createAlertmanagerRouter(options: {
  upstream: UpstreamRef;
  scope: ScopeResolver;
  auditor: AuditorService;
}): express.Router {
  const { scope, auditor } = options;
  const router = Router();
  const upstream = () => resolveUpstream(options.upstream);

  const resolve = async (req: Request, write = false) => {
    const s = await scope(req, req.params.tenant, write ? 'silence' : 'read');
    return s.kind === 'tenant' ? s.tenant : undefined;
  };

  /** Sends a silence write to Alertmanager and puts it on record, whatever the outcome. */
  const writeAudited = async (
    req: Request,
    res: express.Response,
    meta: { action: 'create' | 'update' | 'expire'; silenceId?: string },
    call: () => ReturnType<typeof callUpstream>,
  ) => {
    const event = await auditor.createEvent({
      eventId: 'silence-write',
      severityLevel: 'medium',
      request: req,
      meta: { tenant: req.params.tenant, ...meta },
    });
    let response: Awaited<ReturnType<typeof callUpstream>>;
    try {
      response = await call();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    if (response.status < 300) await event.success();
    else {
      await event.fail({
        error: new Error(`Alertmanager answered HTTP ${response.status}`),
      });
    }
    await pipeUpstream(response, res);
  };

  /** The silence with `id`, or NotFound when it is not the tenant's. */
  const ownSilence = async (
    id: string,
    tenant: ScopedTenant | undefined,
  ): Promise<Silence> => {
    if (!SILENCE_ID.test(id)) {
      throw new InputError(`silence id '${id}' is not a silence id`);
    }
    const up = upstream();
    const response = await callUpstream(up, {
      method: 'GET',
      path: upstreamPath(['api', 'v2', 'silence', id]),
    });
    if (response.status === 404) {
      response.body.resume();
      throw new NotFoundError(`No silence ${id}`);
    }
    const silence = await readUpstreamJson<Silence>(up, response);
    if (tenant && !silenceBelongsTo(silence, tenant)) {
      // Other tenants' silences do not exist for this tenant.
      throw new NotFoundError(`No silence ${id}`);
    }
    return silence;
  };

  for (const [path, filter] of [
    ['alerts', filterAlertmanagerAlerts],
    ['alerts/groups', filterAlertGroups],
  ] as const) {
    router.get(
      `/tenants/:tenant/alertmanager/api/v2/${path}`,
      async (req, res) => {
        const tenant = await resolve(req);
        const params = requestParams(req, ENDPOINT_PARAMS.alertmanager[path]);
        const narrowed = tenant && alertReadMatcher(tenant);
        if (narrowed) params.append('filter', matcherText(narrowed));
        const up = upstream();
        const response = await callUpstream(up, {
          method: 'GET',
          path: upstreamPath(['api', 'v2', ...path.split('/')]),
          params,
        });
        if (!tenant || response.status !== 200) {
          await pipeUpstream(response, res);
          return;
        }
        res.json(filter(await readUpstreamJson<any[]>(up, response), tenant));
      },
    );
  }

  router.get(
    '/tenants/:tenant/alertmanager/api/v2/silences',
    async (req, res) => {
      const tenant = await resolve(req);
      const up = upstream();
      const response = await callUpstream(up, {
        method: 'GET',
        path: '/api/v2/silences',
        params: requestParams(req, ENDPOINT_PARAMS.alertmanager.silences),
      });
      if (!tenant || response.status !== 200) {
        await pipeUpstream(response, res);
        return;
      }
      const silences = await readUpstreamJson<unknown>(up, response);
      if (!Array.isArray(silences)) {
        throw new UpstreamError(
          `${up.name} answered /api/v2/silences with something other than a list of silences`,
        );
      }
      res.json(
        silences.filter(
          (s): s is Silence =>
            typeof s === 'object' &&
            s !== null &&
            Array.isArray((s as Silence).matchers) &&
            silenceBelongsTo(s as Silence, tenant),
        ),
      );
    },
  );

  router.post(
    '/tenants/:tenant/alertmanager/api/v2/silences',
    async (req, res) => {
      const tenant = await resolve(req, true);
      let silence = parsePostableSilence(req.body);
      if (tenant) {
        silence = tenantSilence(silence, tenant);
        // Changing a silence must not take over another tenant's.
        if (silence.id) await ownSilence(silence.id, tenant);
      }
      await writeAudited(
        req,
        res,
        { action: silence.id ? 'update' : 'create', silenceId: silence.id },
        () =>
          callUpstream(upstream(), {
            method: 'POST',
            path: '/api/v2/silences',
            json: silence,
          }),
      );
    },
  );

  router.get(
    '/tenants/:tenant/alertmanager/api/v2/silence/:id',
    async (req, res) => {
      const tenant = await resolve(req);
      res.json(await ownSilence(req.params.id, tenant));
    },
  );

  router.delete(
    '/tenants/:tenant/alertmanager/api/v2/silence/:id',
    async (req, res) => {
      const tenant = await resolve(req, true);
      await ownSilence(req.params.id, tenant);
      await writeAudited(
        req,
        res,
        { action: 'expire', silenceId: req.params.id },
        () =>
          callUpstream(upstream(), {
            method: 'DELETE',
            path: upstreamPath(['api', 'v2', 'silence', req.params.id]),
          }),
      );
    },
  );

  return router;
}
