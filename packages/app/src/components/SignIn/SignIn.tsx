import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { oidcAuthApiRef } from '../../oidcAuthApi';

const oidc = {
  id: 'oidc-auth-provider',
  title: 'Single sign-on',
  message: "Sign in with your organisation's account",
  apiRef: oidcAuthApiRef,
};

/**
 * Guest sign-in only in the local demo (app-config.development.yaml, where
 * `auth.environment` is development); everywhere else the organisation's
 * OpenID Connect provider.
 */
export function SignIn(props: SignInPageProps) {
  const environment =
    useApi(configApiRef).getOptionalString('auth.environment') ?? 'development';
  return (
    <SignInPage
      {...props}
      auto
      providers={environment === 'development' ? ['guest'] : [oidc]}
    />
  );
}
