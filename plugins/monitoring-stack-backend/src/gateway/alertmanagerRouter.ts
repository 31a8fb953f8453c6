import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import {
  matcherText,
  TenantMatcher,
  tenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { UpstreamError } from '../upstream/errors';
import { ScopeResolver } from '../upstream/ScopeResolver';
import {
  callUpstream,
  pipeUpstream,
  readUpstreamJson,
  resolveUpstream,
  UpstreamRef,
} from '../upstream/upstream';
import { requestParams } from './params';
import { filterAlertGroups, filterAlertmanagerAlerts } from './responseFilters';
import {
  assertTenantSilence,
  parsePostableSilence,
  SilenceMatcher,
  silenceBelongsTo,
} from './silences';

const SILENCE_ID = /^[0-9a-fA-F-]{1,64}$/;

type Silence = { id?: string; matchers?: SilenceMatcher[] };

/**
 * The alertmanager-proxy: `/tenants/:tenant/alertmanager/api/v2/...`. Alert
 * reads get the tenant's filter server-side (and are checked again on the
 * way back); silences are listed only when they carry an exact tenant
 * matcher, and may only be created, changed or expired with one.
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
    return s.kind === 'tenant' ? tenantMatcher(s.tenant) : undefined;
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
    matcher: TenantMatcher | undefined,
  ): Promise<Silence> => {
    if (!SILENCE_ID.test(id)) {
      throw new InputError(`silence id '${id}' is not a silence id`);
    }
    const up = upstream();
    const response = await callUpstream(up, {
      method: 'GET',
      path: `/api/v2/silence/${id}`,
    });
    if (response.status === 404) {
      response.body.resume();
      throw new NotFoundError(`No silence ${id}`);
    }
    const silence = await readUpstreamJson<Silence>(up, response);
    if (matcher && !silenceBelongsTo(silence, matcher)) {
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
        const matcher = await resolve(req);
        const params = requestParams(req);
        if (matcher) params.append('filter', matcherText(matcher));
        const up = upstream();
        const response = await callUpstream(up, {
          method: 'GET',
          path: `/api/v2/${path}`,
          params,
        });
        if (!matcher || response.status !== 200) {
          await pipeUpstream(response, res);
          return;
        }
        res.json(filter(await readUpstreamJson<any[]>(up, response), matcher));
      },
    );
  }

  router.get(
    '/tenants/:tenant/alertmanager/api/v2/silences',
    async (req, res) => {
      const matcher = await resolve(req);
      const up = upstream();
      const response = await callUpstream(up, {
        method: 'GET',
        path: '/api/v2/silences',
        params: requestParams(req),
      });
      if (!matcher || response.status !== 200) {
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
            silenceBelongsTo(s as Silence, matcher),
        ),
      );
    },
  );

  router.post(
    '/tenants/:tenant/alertmanager/api/v2/silences',
    async (req, res) => {
      const matcher = await resolve(req, true);
      const silence = parsePostableSilence(req.body);
      if (matcher) {
        assertTenantSilence(silence, matcher);
        // Changing a silence must not take over another tenant's.
        if (silence.id) await ownSilence(silence.id, matcher);
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
      const matcher = await resolve(req);
      res.json(await ownSilence(req.params.id, matcher));
    },
  );

  router.delete(
    '/tenants/:tenant/alertmanager/api/v2/silence/:id',
    async (req, res) => {
      const matcher = await resolve(req, true);
      await ownSilence(req.params.id, matcher);
      await writeAudited(
        req,
        res,
        { action: 'expire', silenceId: req.params.id },
        () =>
          callUpstream(upstream(), {
            method: 'DELETE',
            path: `/api/v2/silence/${req.params.id}`,
          }),
      );
    },
  );

  return router;
}
