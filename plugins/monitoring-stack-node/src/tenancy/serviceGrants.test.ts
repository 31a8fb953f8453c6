import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readServiceGrants } from './serviceGrants';

const read = (serviceTokens: JsonValue[]) =>
  readServiceGrants(
    new ConfigReader({ monitoringStack: { gateway: { serviceTokens } } }),
  );

describe('readServiceGrants', () => {
  it('keeps full subjects, so a static token and a JWKS sub never share a grant', () => {
    const grants = read([
      { subject: 'grafana-team-a', tenant: 'team-a' },
      {
        subject: 'external:grafana-team-a',
        tenant: 'team-b',
        rights: ['read', 'silence'],
      },
    ]);
    expect(grants.get('grafana-team-a')).toEqual({
      tenant: 'team-a',
      rights: ['read'],
    });
    expect(grants.get('external:grafana-team-a')).toEqual({
      tenant: 'team-b',
      rights: ['read', 'silence'],
    });
  });

  it.each([
    [
      [{ subject: 'plugin:mcp-actions', tenant: '*' }],
      "monitoringStack.gateway.serviceTokens[0].subject: 'plugin:mcp-actions' is a Backstage plugin",
    ],
    [
      [
        { subject: 'a', tenant: 'team-a' },
        { subject: 'a', tenant: 'team-b' },
      ],
      "monitoringStack.gateway.serviceTokens[1].subject: 'a' is listed twice",
    ],
    [
      [{ subject: 'tenant-token:abc', tenant: 'team-a' }],
      "monitoringStack.gateway.serviceTokens[0].subject: 'tenant-token:abc' names a tenant access token",
    ],
    [
      [{ subject: 'a', tenant: 'a|b' }],
      'monitoringStack.gateway.serviceTokens[0].tenant: must not contain',
    ],
    [
      [{ subject: 'a', tenant: 'team-a', rights: ['admin'] }],
      "monitoringStack.gateway.serviceTokens[0].rights: 'admin' is not one of read, silence, write",
    ],
  ])('refuses %j at start, naming the key', (tokens, message) => {
    expect(() => read(tokens)).toThrow(message);
  });
});
