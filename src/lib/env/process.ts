/**
 * The process environment for what is not the app's own configuration: the variables a child process
 * inherits (the demo's app and emulator, the test runner's suites), a variable a user names on a CLI
 * (`--api-key-env NAME`), and the test runner's and CLIs' own settings.
 */
import { z } from "zod";

/** A copy of the process environment, e.g. for a CLI option that names a variable to read a secret from. */
export function environmentSnapshot(): Record<string, string | undefined> {
  return { ...process.env };
}

/** The environment a child process should inherit, with `extra` on top. */
export function childProcessEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

const toolingSchema = z.object({
  CI: z
    .string()
    .optional()
    .transform((v) => Boolean(v && v !== "0" && v !== "false")),
  TEST_DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined)),
  NODE_ENV: z.string().optional(),
});

/** Settings of the test runner and the CLIs themselves (not read by the app). */
export function toolingEnv() {
  const e = toolingSchema.parse(process.env);
  return { ci: e.CI, testDatabaseUrl: e.TEST_DATABASE_URL, nodeEnv: e.NODE_ENV };
}
