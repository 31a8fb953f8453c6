import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import { ReactElement } from 'react';
import { MonitoringStackApi } from '../api';
import {
  lokiNotConfigured,
  mockMonitoringStackApi,
  plainEntity,
  renderWithEntity,
  responseError,
  tenantEntity,
} from './fixtures';

type LoadingMethod = Exclude<
  keyof MonitoringStackApi,
  | 'createSilence'
  | 'createTenantToken'
  | 'rotateTenantToken'
  | 'revokeTenantToken'
>;

/**
 * The states every entity card shares, as named checks for `it.each`: an
 * entity without the tenant annotation (and no call), a 403 (a plain
 * sentence, not the backend's refusal), a part that is not configured (a
 * calm notice naming the setting) and an upstream error (shown).
 */
export function sharedCardStates(
  card: ReactElement,
  method: LoadingMethod,
  options: {
    /** The entity the card reads data for; default a tenant's System. */
    entity?: Entity;
    forbiddenMessage?: string;
    /** More to check once the 403 sentence shows. */
    alsoWhenForbidden?: () => void;
  } = {},
): Array<[string, () => Promise<void>]> {
  const entity = options.entity ?? tenantEntity;
  const forbiddenMessage =
    options.forbiddenMessage ?? "You may not see this tenant's data.";

  return [
    [
      'asks for the annotation on entities without one',
      async () => {
        const api = mockMonitoringStackApi();
        await renderWithEntity(card, api, plainEntity);
        expect(
          screen.getAllByText(/monitoring-stack\.io\/tenant-id/).length,
        ).toBeGreaterThan(0);
        expect(api[method]).not.toHaveBeenCalled();
      },
    ],
    [
      'explains a 403 without the refusal itself',
      async () => {
        const api = mockMonitoringStackApi();
        api[method].mockRejectedValue(
          await responseError(403, 'NotAllowedError', 'refusal detail'),
        );
        await renderWithEntity(card, api, entity);
        expect(await screen.findByText(forbiddenMessage)).toBeInTheDocument();
        expect(screen.queryByText(/refusal detail/)).not.toBeInTheDocument();
        options.alsoWhenForbidden?.();
      },
    ],
    [
      'says calmly that a part is not configured, naming the setting',
      async () => {
        const api = mockMonitoringStackApi();
        api[method].mockRejectedValue(await lokiNotConfigured());
        await renderWithEntity(card, api, entity);
        const notice = (await screen.findAllByTestId('not-configured'))[0];
        expect(notice).toHaveTextContent(
          'Loki is not configured: set monitoringStack.upstreams.loki.url.',
        );
        expect(notice).toHaveAttribute('data-status', 'info');
        expect(
          screen.queryByText(/Request failed|503/),
        ).not.toBeInTheDocument();
      },
    ],
    [
      'shows upstream errors',
      async () => {
        const api = mockMonitoringStackApi();
        api[method].mockRejectedValue(
          await responseError(502, 'UpstreamError', 'upstream broke down'),
        );
        await renderWithEntity(card, api, entity);
        expect(
          (await screen.findAllByText(/upstream broke down/)).length,
        ).toBeGreaterThan(0);
      },
    ],
  ];
}
