import { resetConfig } from "@/lib/env";
import { configureLogger } from "@/lib/logger";

// A fixed test key: tests must never depend on a developer's own .env.
resetConfig({
  NODE_ENV: "test",
  ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
  ENCRYPTION_KEY_VERSION: "1",
  DATABASE_URL: "",
  ENCRYPTION_PREVIOUS_KEYS: "",
});
configureLogger({ level: "warn" });
