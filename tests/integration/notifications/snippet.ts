/** The receiver's verification snippet, taken verbatim from docs-site/docs/webhooks.md and imported. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

type Verify = (secret: string, headers: Record<string, unknown>, rawBody: string) => boolean;

export async function loadDocumentedVerifier(): Promise<Verify> {
  const doc = readFileSync(path.resolve(import.meta.dirname, "../../../docs-site/docs/webhooks.md"), "utf8");
  const code = doc.match(/```js title="verify-cognitrack\.mjs"\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error("docs-site/docs/webhooks.md has no verify-cognitrack.mjs snippet");
  const dir = mkdtempSync(path.join(tmpdir(), "cognitrack-snippet-"));
  try {
    const file = path.join(dir, "verify-cognitrack.mjs");
    writeFileSync(file, code);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { verifyCogniTrackSignature: Verify };
    return mod.verifyCogniTrackSignature;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
