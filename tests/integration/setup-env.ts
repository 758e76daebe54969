import { resetConfig } from "@/lib/env";
import { configureLogger } from "@/lib/logger";

/** A fixed test configuration: tests must never depend on a developer's own .env. */
export const TEST_ENV = {
  NODE_ENV: "test",
  ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
  ENCRYPTION_KEY_VERSION: "1",
  DATABASE_URL: "",
  ENCRYPTION_PREVIOUS_KEYS: "",
} as const;

resetConfig(TEST_ENV);
configureLogger({ level: "warn" });
