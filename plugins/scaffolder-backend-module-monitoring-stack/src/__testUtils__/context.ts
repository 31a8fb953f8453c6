import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/**
 * An action context whose outputs are collected and whose log lines are
 * captured, so tests can assert both (and that no secret is in either).
 */
export function actionContext(
  input: Record<string, unknown>,
  options: { isDryRun?: boolean; workspacePath?: string } = {},
) {
  const logger = mockServices.logger.mock();
  const outputs: Record<string, unknown> = {};
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      logger,
      workspacePath: options.workspacePath,
    }),
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
