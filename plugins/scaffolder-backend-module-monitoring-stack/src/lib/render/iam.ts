import { RenderSettings } from './settings';

/**
 * The trust policy of an IAM role for a service account (IRSA): the
 * cluster's OIDC provider may hand the role to one ServiceAccount only
 * (`sub`), and only for a token meant for STS (`aud`). The tenant's secret
 * role (tenantSecrets.ts) and the stack's roles (stack/aws.ts) trust their
 * accounts through it.
 */
export function serviceAccountTrustPolicy(
  settings: Pick<RenderSettings, 'awsAccountId' | 'oidcIssuer'>,
  namespace: string,
  serviceAccount: string,
) {
  const issuer = settings.oidcIssuer;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: `arn:aws:iam::${settings.awsAccountId}:oidc-provider/${issuer}`,
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  };
}
