import { z } from 'zod';

// The Loki ruler builds generatorURL as `<ruler.external_url>/explore?left=<json>`
// where the JSON is `{"queries":[{"expr":…,"queryType":"range","datasource":{"type":"loki",…}}]}`
// (datasource only when ruler.datasource_uid is set). Prometheus uses `/graph?g0.expr=…`.
const exploreStateSchema = z.object({
  queries: z
    .array(
      z.object({
        expr: z.string(),
        queryType: z.string().optional(),
        datasource: z.object({ type: z.string() }).optional(),
      }),
    )
    .min(1),
});

/**
 * The LogQL expression of an alert sent by the Loki ruler, recognised by its
 * generatorURL; undefined for any other alert.
 */
export function lokiQueryOf(
  generatorURL: string | undefined,
): string | undefined {
  if (!generatorURL) {
    return undefined;
  }
  let url: URL;
  let state: unknown;
  try {
    // Without ruler.external_url the link is relative.
    url = new URL(generatorURL, 'http://relative.invalid');
    state = JSON.parse(url.searchParams.get('left') ?? '');
  } catch {
    return undefined;
  }
  if (!url.pathname.endsWith('/explore')) {
    return undefined;
  }
  const parsed = exploreStateSchema.safeParse(state);
  if (!parsed.success) {
    return undefined;
  }
  const [query] = parsed.data.queries;
  const fromLoki = query.datasource
    ? query.datasource.type === 'loki'
    : query.queryType === 'range';
  return fromLoki ? query.expr : undefined;
}
