/**
 * The docs site's configuration page, API reference and OpenAPI copy are generated from the code:
 * the committed files must equal a fresh generation (run `npm run docs:generate` after changing
 * the config schema, .env.example or a route's documented shape).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnvExample, renderConfigReference } from "../../scripts/docs/config-reference";
import { generatedDocs } from "../../scripts/docs/generated";

describe("generated docs", () => {
  const files = Object.entries(generatedDocs());

  it("are committed as generated", () => {
    expect(files.length).toBe(3);
    for (const [file, text] of files)
      expect(readFileSync(file, "utf8"), `${file} is stale: npm run docs:generate`).toBe(text);
  });

  it("refuse a variable the config reads but .env.example does not explain", () => {
    const example = "# --- App ---\n# The log level.\nLOG_LEVEL=info\n";
    expect(() => renderConfigReference(example, ["LOG_LEVEL", "APP_URL"])).toThrow(/does not explain: APP_URL/);
    expect(renderConfigReference(example, ["LOG_LEVEL"])).toContain("| `LOG_LEVEL` | `info` | The log level. |");
  });

  it("read sections, their comments and variables from .env.example", () => {
    const { sections } = parseEnvExample(
      "# intro\n\n# --- Database ---\n# Where.\nDATABASE_URL=\n# --- Cron ---\nCRON_SECRET=x\n",
    );
    expect(sections.map((s) => [s.title, s.variables.map((v) => [v.name, v.help.join(" ")])])).toEqual([
      ["Database", [["DATABASE_URL", "Where."]]],
      ["Cron", [["CRON_SECRET", ""]]],
    ]);
  });
});
