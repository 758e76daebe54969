import { ConfigError, getConfig } from "@/lib/env";
import { configureLogger } from "@/lib/logger";

try {
  configureLogger({ level: getConfig().logLevel });
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
