import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CloudTrailEventsResponse } from '@internal/plugin-monitoring-stack-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { TenantAuthorizer } from '@internal/plugin-monitoring-stack-node';
import { CloudTrailStore } from './CloudTrailStore';

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** `GET /cloudtrail/events?limit=`: the newest EKS API events, for admins only. */
export function createCloudTrailRouter(options: {
  httpAuth: HttpAuthService;
  access: TenantAuthorizer;
  store: CloudTrailStore;
}): express.Router {
  const { httpAuth, access, store } = options;
  const router = Router();
  router.get('/cloudtrail/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    if (!(await access.isAdmin(credentials))) {
      throw new NotAllowedError(
        'Only members of the admin group may read CloudTrail events',
      );
    }
    const query = querySchema.safeParse(req.query);
    if (!query.success) {
      throw new InputError(
        `Invalid query: ${query.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const [events, state] = await Promise.all([
      store.list(query.data.limit),
      store.state(),
    ]);
    const body: CloudTrailEventsResponse = {
      events,
      lastEventTime:
        state.cursorTime !== undefined
          ? new Date(state.cursorTime).toISOString()
          : undefined,
      lastRunAt:
        state.lastRunAt !== undefined
          ? new Date(state.lastRunAt).toISOString()
          : undefined,
    };
    res.json(body);
  });
  return router;
}
