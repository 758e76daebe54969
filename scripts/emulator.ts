// CLI: npm run emulator -- [options]. Starts the provider emulator (OpenAI and Anthropic) and
// prints the base URLs and credentials. See scripts/emulator/README.md.

import { parseArgs } from "node:util";
import { generateDataset } from "./emulator/dataset";
import { loadFixtureDataset } from "./emulator/fixtures";
import { startEmulator } from "./emulator/server";

const HELP = `Provider emulator (offline stand-in for https://api.openai.com/v1 and https://api.anthropic.com)

Usage: npm run emulator -- [options]

  --port N               port to listen on (default 4010; 0 = random)
  --host HOST            interface to bind (default 127.0.0.1)
  --seed N               generator seed (default 42); same seed => same data
  --orgs N               organizations (default 1)
  --projects N           projects per organization (default 5)
  --api-keys N           API keys per project (default 4)
  --users N              users per organization (default 12)
  --models N             completion models in use (default 6)
  --days N               days of usage, ending at --end (default 90)
  --end YYYY-MM-DD       last day with usage, UTC, inclusive (default today)
  --density X            0..1, share of (api key, model) pairs active per day (default 0.3)
  --archived N           archive the last N projects two thirds into the range (default 0)
  --max-results N        cap of results per usage page (default 5000)
  --anthropic-workspaces N   Anthropic workspaces per organization (default: half of --projects)
  --no-anthropic         generate no Anthropic organizations
  --extra-usage          also generate images, audio, moderations, web/file search, code interpreter
                         and vector store usage, and completions cache-write/image token details
  --fixtures             serve spikes/fixtures/*.json instead of generated data
  --fixtures-dir DIR     fixtures directory (default spikes/fixtures)
  -h, --help             show this help

Point the app at it with OPENAI_API_BASE_URL / ANTHROPIC_API_BASE_URL=<printed base URLs> and the
printed keys. Control endpoints: /__emulator/health, /__emulator/credentials, /__emulator/totals,
/__emulator/totals/endpoints,
/__emulator/anthropic/totals, /__emulator/anthropic/prices, /__emulator/faults (GET/POST/DELETE),
/__emulator/keys (POST), /__emulator/requests.
`;

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n\n${HELP}`);
  process.exit(2);
}

function intOption(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer >= ${min}`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        orgs: { type: "string" },
        projects: { type: "string" },
        "api-keys": { type: "string" },
        users: { type: "string" },
        models: { type: "string" },
        days: { type: "string" },
        end: { type: "string" },
        density: { type: "string" },
        archived: { type: "string" },
        "max-results": { type: "string" },
        "anthropic-workspaces": { type: "string" },
        "no-anthropic": { type: "boolean" },
        "extra-usage": { type: "boolean" },
        fixtures: { type: "boolean" },
        "fixtures-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const density = values.density === undefined ? 0.3 : Number(values.density);
  if (!(density >= 0 && density <= 1)) fail("--density must be between 0 and 1");
  const end = values.end ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(end) || Number.isNaN(Date.parse(`${end}T00:00:00Z`)))
    fail("--end must be YYYY-MM-DD");

  const dataset =
    values.fixtures || values["fixtures-dir"]
      ? loadFixtureDataset({ dir: values["fixtures-dir"] })
      : generateDataset({
          seed: intOption(values.seed, "seed", 42, 0),
          organizations: intOption(values.orgs, "orgs", 1),
          projects: intOption(values.projects, "projects", 5),
          apiKeysPerProject: intOption(values["api-keys"], "api-keys", 4),
          users: intOption(values.users, "users", 12),
          models: intOption(values.models, "models", 6),
          days: intOption(values.days, "days", 90),
          endDate: end,
          density,
          archivedProjects: intOption(values.archived, "archived", 0, 0),
          extraUsage: Boolean(values["extra-usage"]),
          anthropic: values["no-anthropic"]
            ? false
            : {
                workspaces: values["anthropic-workspaces"]
                  ? intOption(values["anthropic-workspaces"], "anthropic-workspaces", 1)
                  : undefined,
              },
        });

  const emulator = await startEmulator({
    dataset,
    port: intOption(values.port, "port", 4010, 0),
    host: values.host ?? "127.0.0.1",
    maxResultsPerPage: intOption(values["max-results"], "max-results", 5000),
  });

  const lines = [
    `Provider emulator (${dataset.source}${dataset.seed === null ? "" : `, seed ${dataset.seed}`}) listening`,
    `  base URL   ${emulator.url}  (OpenAI)`,
    `  usage      ${dataset.firstDay} .. ${dataset.lastDay} (UTC)`,
  ];
  for (const org of dataset.organizations) {
    lines.push(`  org        ${org.id} (${org.name})`);
    for (const c of dataset.credentials.filter((c) => c.orgId === org.id)) {
      const project = org.projects.find((p) => p.id === c.projectId);
      lines.push(
        c.kind === "admin"
          ? `    admin key     ${c.key}`
          : `    standard key  ${c.key}  ${c.projectId} ${project?.name ?? ""}`,
      );
    }
  }
  if (dataset.anthropic) {
    lines.push(`  base URL   ${emulator.anthropicUrl}  (Anthropic)`);
    for (const org of dataset.anthropic.organizations) {
      lines.push(`  anthropic org ${org.id} (${org.name}, ${org.workspaces.length} workspaces + default)`);
      for (const c of dataset.anthropic.credentials.filter((c) => c.orgId === org.id)) {
        lines.push(
          c.kind === "admin" ? `    admin key     ${c.key}` : `    regular key   ${c.key}  (refused by the Admin API)`,
        );
      }
    }
  }
  lines.push(`  control    ${emulator.origin}/__emulator/health  (also /credentials, /totals, /faults)`, "");
  process.stdout.write(lines.join("\n") + "\n");

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\n${signal}: shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${(error as Error).message}\n`);
  process.exit(1);
});
