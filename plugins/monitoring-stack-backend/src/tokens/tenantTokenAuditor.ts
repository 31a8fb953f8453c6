import { AuditorService } from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { tenantTokenSubject } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { bearerTenantToken, parseTenantToken } from './tenantTokenFormat';

/**
 * The auditor for requests that may carry a tenant token. Backstage's
 * auditor reads the actor from the request's token, and refuses one it
 * does not know: for a tenant token it gets the request without it, and
 * the token's principal (`tenant-token:<id>`, never the secret) as
 * `meta.actor`. Any other request goes through as it is.
 */
export function tenantTokenAuditor(auditor: AuditorService): AuditorService {
  return {
    createEvent(options) {
      const { request } = options;
      const token = request && bearerTenantToken(request.headers);
      if (!request || token === undefined) return auditor.createEvent(options);
      const id = parseTenantToken(token)?.id ?? 'malformed';
      const headers = { ...request.headers };
      delete headers.authorization;
      const withoutToken: Request = Object.create(request, {
        headers: { value: headers, enumerable: true },
      });
      return auditor.createEvent({
        ...options,
        request: withoutToken,
        meta: { ...options.meta, actor: tenantTokenSubject(id) },
      });
    },
  };
}
