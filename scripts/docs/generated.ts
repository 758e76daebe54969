/** The docs site's generated files, by path from the repository root. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildOpenApiDocument } from "@/lib/openapi";
import { renderApiReference } from "./api-reference";
import { renderConfigReference } from "./config-reference";

export function generatedDocs(root = process.cwd()): Record<string, string> {
  const doc = buildOpenApiDocument();
  return {
    "docs-site/docs/configuration.md": renderConfigReference(readFileSync(path.join(root, ".env.example"), "utf8")),
    "docs-site/docs/reference/api.md": renderApiReference(doc),
    "docs-site/static/openapi.json": `${JSON.stringify(doc, null, 2)}\n`,
  };
}
