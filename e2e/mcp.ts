import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { BACKEND_URL } from './portal';

/** What an AI agent signed in with `token` gets from the portal's MCP server. */
export async function mcpAgent(token: string) {
  const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`${BACKEND_URL}/api/mcp-actions/v1`),
      { requestInit: { headers: { Authorization: `Bearer ${token}` } } },
    ),
  );
  return {
    /** The names of the monitoring stack's tools it lists. */
    async tools(): Promise<string[]> {
      return (await client.listTools()).tools
        .map(t => t.name)
        .filter(name => name.startsWith('monitoring-stack.'))
        .sort();
    },
    /** A tool's answer: its output, or its error text. */
    async call(name: string, args: Record<string, unknown>) {
      const result = await client.callTool({
        name: `monitoring-stack.${name}`,
        arguments: args,
      });
      const text = (result.content as Array<{ text?: string }>)
        .map(c => c.text ?? '')
        .join('\n');
      return { isError: Boolean(result.isError), text };
    },
    close: () => client.close(),
  };
}
