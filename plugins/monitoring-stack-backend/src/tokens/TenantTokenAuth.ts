import {
  BackstageCredentials,
  BackstageServicePrincipal,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import { tenantTokenCredentials } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { IncomingHttpHeaders } from 'node:http';
import { bearerTenantToken } from './tenantTokenFormat';
import { TenantTokenVerifier } from './TenantTokenVerifier';

/** A request as far as its credentials go: Express' or a raw WebSocket upgrade. */
type WithHeaders = { headers: IncomingHttpHeaders };

/**
 * The credentials of a request that carries a tenant token
 * (`Authorization: Bearer mst_…`): a service principal `tenant-token:<id>`
 * carrying the token's grant, decided by `TenantAuthorizer` like a static
 * service token. Verified once per request.
 */
export class TenantTokenAuth {
  private readonly verified = new WeakMap<
    WithHeaders,
    Promise<BackstageCredentials<BackstageServicePrincipal> | undefined>
  >();

  constructor(private readonly verifier: TenantTokenVerifier) {}

  /**
   * The token's credentials; undefined when the request carries no tenant
   * token (Backstage's auth decides it); AuthenticationError for a tenant
   * token that is malformed, unknown, expired or revoked.
   */
  credentials(
    req: WithHeaders,
  ): Promise<BackstageCredentials<BackstageServicePrincipal> | undefined> {
    let credentials = this.verified.get(req);
    if (!credentials) {
      credentials = this.verify(req);
      this.verified.set(req, credentials);
    }
    return credentials;
  }

  private async verify(req: WithHeaders) {
    const token = bearerTenantToken(req.headers);
    if (token === undefined) return undefined;
    const verified = await this.verifier.verify(token);
    if (!verified) {
      throw new AuthenticationError(
        'The tenant token is invalid, expired or revoked',
      );
    }
    return tenantTokenCredentials(
      verified.id,
      verified.grant,
      verified.expiresAt,
    );
  }
}
