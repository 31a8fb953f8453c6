import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { parseWith } from '@tenant-monitoring/plugin-monitoring-stack-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RequestScopes } from '../tenancy/RequestScopes';
import { SnsServices } from './createSnsServices';
import { parseDeliveryReport } from './deliveryReport';

// SNS messages are at most 256 KiB; a bigger body is not from SNS.
const MAX_SNS_BODY_BYTES = 256 * 1024;
// 500 outcomes with their longest fields fit well within this.
const MAX_REPORT_BODY_BYTES = 1024 * 1024;

const windowQuery = z.object({
  // CloudWatch keeps the 1-minute-aligned periods used here for 15 days.
  windowHours: z.coerce.number().int().min(1).max(336).default(24),
});

/**
 * The SNS routes: delivery status for users, the SNS HTTP(S) subscription
 * endpoint (open, its messages are signed; only with delivery `https` or
 * `both`), and delivery reports from the notifier (service principals).
 * They parse their own bodies, since SNS posts JSON as `text/plain`; mount
 * them before any shared body parser.
 */
export function createSnsRouter(options: {
  httpAuth: HttpAuthService;
  scopes: RequestScopes;
  sns: SnsServices;
}): express.Router {
  const { httpAuth, scopes, sns } = options;
  const router = Router();

  router.get('/tenants/:tenant/sns', async (req, res) => {
    const scope = await scopes.scope(req, req.params.tenant);
    const { windowHours } = parseWith(windowQuery, req.query, 'query');
    res.json(await sns.deliveryStatus(scope, windowHours));
  });

  // Only when SNS delivers over HTTPS (monitoringStack.sns.delivery).
  if (sns.config.delivery.https) {
    router.post(
      '/sns/receive',
      express.text({ type: () => true, limit: MAX_SNS_BODY_BYTES }),
      async (req, res) => {
        if (typeof req.body !== 'string' || req.body.length === 0) {
          throw new InputError('Expected an SNS message as the request body');
        }
        const outcome = await sns.receiver.receive(
          req.body,
          req.header('x-amz-sns-message-type'),
        );
        res.json({ outcome });
      },
    );
  }

  router.post(
    '/sns/deliveries',
    // Who is asking is settled before the body is read.
    async (req, _res, next) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      // The full subject: a JWKS token's `external:x` is not the static token `x`.
      const { subject } = credentials.principal;
      const { notifierSubjects } = sns.config;
      if (notifierSubjects.length === 0) {
        throw new NotAllowedError(
          'No service principal may report SNS deliveries: monitoringStack.sns.notifierSubjects is not configured',
        );
      }
      if (!notifierSubjects.includes(subject)) {
        throw new NotAllowedError(
          `The service principal ${subject} may not report SNS deliveries: it is not in monitoringStack.sns.notifierSubjects`,
        );
      }
      next();
    },
    express.json({ limit: MAX_REPORT_BODY_BYTES }),
    async (req, res) => {
      const report = parseDeliveryReport(req.body, new Date());
      await sns.recordDeliveries(report, req);
      res.json({ accepted: report.deliveries.length });
    },
  );

  return router;
}
