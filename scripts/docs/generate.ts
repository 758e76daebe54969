/**
 * npm run docs:generate: writes the docs site's generated pages (configuration, API reference) and
 * its copy of the OpenAPI document. `--check` writes nothing and exits 1 when a committed file is
 * stale, so the docs cannot drift from the code.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runCli } from "../lib/runtime";
import { generatedDocs } from "./generated";

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

runCli(async () => {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const [file, text] of Object.entries(generatedDocs())) {
    if (read(file) === text) continue;
    if (check) stale.push(file);
    else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      console.log(`wrote ${file}`);
    }
  }
  if (stale.length) {
    console.error(`Stale generated docs: ${stale.join(", ")}. Run npm run docs:generate and commit the result.`);
    return 1;
  }
  if (check) console.log("Generated docs are current.");
  return 0;
});
