/**
 * `npm run keys:rotate`: re-seals every stored secret with the current ENCRYPTION_KEY (logic in
 * src/lib/keys/rotate.ts). Prints counts and key versions, never a secret.
 */
import { keyRingFromConfig } from "@/lib/crypto/envelope";
import { rotateSealedSecrets } from "@/lib/keys/rotate";
import { formatRotationReport } from "@/lib/keys/rotation-report";
import { EXIT, loadCliEnv, runCli, UsageError, withDatabase } from "./lib/runtime";

const HELP = `Usage: npm run keys:rotate

Re-encrypts every stored secret (provider keys and notification channel signing secrets) with the current
ENCRYPTION_KEY and ENCRYPTION_KEY_VERSION. Before running it:
  1. set ENCRYPTION_KEY to the new key and raise ENCRYPTION_KEY_VERSION,
  2. list the old key(s) in ENCRYPTION_PREVIOUS_KEYS ("1:<old key>"), and deploy: the server then
     writes with the new key and still reads rows sealed with the old one.
Then run this. It can be stopped and run again (it continues where it stopped) and is safe beside
a running server. When it reports a previous key as no longer needed, remove it from
ENCRYPTION_PREVIOUS_KEYS. Exit code: 0 every secret is on the current key, 1 some could not be opened.`;

runCli(async () => {
  if (process.argv.includes("--help") || process.argv.includes("-h")) return void console.log(HELP);
  loadCliEnv();
  const ring = keyRingFromConfig();
  if (ring.previous.some((k) => k.version === ring.current.version)) {
    throw new UsageError(
      `ENCRYPTION_PREVIOUS_KEYS holds version ${ring.current.version}, the current ENCRYPTION_KEY_VERSION: raise ENCRYPTION_KEY_VERSION for the new key.`,
    );
  }
  const report = await withDatabase(({ db }) =>
    rotateSealedSecrets(db, ring, {
      onProgress: ({ column, resealed }) => process.stderr.write(`${column}: ${resealed} re-encrypted so far\n`),
    }),
  );
  console.log(formatRotationReport(report));
  return report.columns.some((c) => c.failed.length > 0) ? EXIT.failed : EXIT.ok;
});
