/** The logging the handler needs; console by default, a spy in tests. Never pass secrets in `fields`. */
export type Logger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

/** Logs one JSON line per entry, which CloudWatch Logs Insights can query field by field. */
export const jsonConsoleLogger: Logger = {
  info: (message, fields) =>
    console.info(JSON.stringify({ message, ...fields })),
  warn: (message, fields) =>
    console.warn(JSON.stringify({ message, ...fields })),
  error: (message, fields) =>
    console.error(JSON.stringify({ message, ...fields })),
};
