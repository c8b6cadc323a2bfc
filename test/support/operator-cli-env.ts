/**
 * For tests that run operator commands against an e2e environment: API X failures are not
 * retried and orders go dead after three attempts, so failure states are reached in one or two
 * runs; warnings only (logs go to stderr; stdout holds the command's own output either way).
 */
export const OPERATOR_CLI_ENV: Readonly<Record<string, string>> = {
  APIX_MAX_RETRIES: '0',
  ORDERS_MAX_ATTEMPTS: '3',
  LOG_LEVEL: 'warn',
};
