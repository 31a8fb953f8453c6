import { monitoringStackToolsSilencePermission } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { parsePostableSilence, tenantSilence } from '../gateway/silences';
import { resolveUpstream } from '../upstream/upstream';
import {
  actionScope,
  MonitoringStackActionsOptions,
  upstreamJson,
} from './actionContext';

/** `create-silence`: a silence pinned to the tenant, as the caller. */
export function registerCreateSilence(options: MonitoringStackActionsOptions) {
  options.actionsRegistry.register({
    name: 'create-silence',
    title: 'Create a silence',
    description:
      'Silences alerts of one tenant in Alertmanager for a duration, as the caller (who needs the tenant\'s silence right). The matchers must pin the tenant: tenant_id="<id>", or, for a namespace tenant\'s alerts without a tenant_id, namespace="<one of its namespaces>" (the silence then applies to alerts without a tenant_id only).',
    attributes: { readOnly: false, idempotent: false, destructive: false },
    visibilityPermission: monitoringStackToolsSilencePermission,
    schema: {
      input: z =>
        z.object({
          tenant: z.string().describe("Tenant id, e.g. 'team-a'"),
          matchers: z
            .array(
              z.object({
                name: z.string().min(1),
                value: z.string(),
                isRegex: z.boolean().optional(),
                isEqual: z.boolean().optional(),
              }),
            )
            .min(1)
            .describe('Alertmanager matchers, e.g. alertname and namespace'),
          durationMinutes: z
            .number()
            .int()
            .min(1)
            .max(60 * 24 * 30)
            .describe('How long the silence lasts'),
          comment: z.string().min(1).describe('Why the alerts are silenced'),
        }),
      output: z => z.object({ silenceID: z.string() }),
    },
    examples: [
      {
        title: 'Silence HighErrorRate in team-a for 2 hours',
        input: {
          tenant: 'team-a',
          matchers: [
            { name: 'alertname', value: 'HighErrorRate' },
            { name: 'namespace', value: 'team-a' },
          ],
          durationMinutes: 120,
          comment: 'Deploying the fix',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const scope = await actionScope(
        options,
        input.tenant,
        credentials,
        'silence',
      );
      const now = Date.now();
      const principal = credentials.principal as {
        type: string;
        userEntityRef?: string;
        subject?: string;
      };
      const asked = parsePostableSilence({
        matchers: input.matchers.map(m => ({
          name: m.name,
          value: m.value,
          isRegex: m.isRegex ?? false,
          isEqual: m.isEqual ?? true,
        })),
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + input.durationMinutes * 60_000).toISOString(),
        createdBy: principal.userEntityRef ?? principal.subject ?? 'backstage',
        comment: input.comment,
      });
      const silence =
        scope.kind === 'tenant' ? tenantSilence(asked, scope.tenant) : asked;
      const event = await options.auditor.createEvent({
        eventId: 'silence-write',
        severityLevel: 'medium',
        meta: { tenant: input.tenant, action: 'create', via: 'actions' },
      });
      try {
        const body = await upstreamJson<{ silenceID: string }>(
          resolveUpstream(options.gateway.alertmanager),
          { method: 'POST', path: '/api/v2/silences', json: silence },
        );
        await event.success({ meta: { silenceId: body.silenceID } });
        return { output: { silenceID: body.silenceID } };
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
