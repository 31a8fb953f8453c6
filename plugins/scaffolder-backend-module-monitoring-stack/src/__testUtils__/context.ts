import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { credentialsOf, TestUser } from './tenancy';

/**
 * An action context whose outputs are collected and whose log lines are
 * captured, so tests can assert both (and that no secret is in either). The
 * task acts for `as`: alice, of team-a, unless told otherwise.
 */
export function actionContext(
  input: Record<string, unknown>,
  options: { isDryRun?: boolean; workspacePath?: string; as?: TestUser } = {},
) {
  const logger = mockServices.logger.mock();
  const outputs: Record<string, unknown> = {};
  const credentials = credentialsOf(options.as ?? 'alice');
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      logger,
      workspacePath: options.workspacePath,
    }),
    getInitiatorCredentials: async () => credentials,
    isDryRun: options.isDryRun ?? false,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
  };
  const logLines = () =>
    [logger.info, logger.warn, logger.error].flatMap(fn =>
      (fn as jest.Mock).mock.calls.map(call => String(call[0])),
    );
  return { ctx: ctx as any, outputs, logLines };
}
