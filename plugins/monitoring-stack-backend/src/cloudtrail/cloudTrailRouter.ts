import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  parseWith,
  TenantAuthorizer,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { readCloudTrailEvents } from './cloudTrailServices';
import { CloudTrailStore } from './CloudTrailStore';

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * `GET /cloudtrail/events?limit=`: the newest EKS API events and calls on the
 * stack's own AWS resources, each with its `eventSource`, for admins only.
 */
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
    const { limit } = parseWith(querySchema, req.query, 'query');
    res.json(await readCloudTrailEvents(store, limit));
  });
  return router;
}
