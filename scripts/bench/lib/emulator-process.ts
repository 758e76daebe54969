/**
 * The provider emulator in its own Node process (`scripts/emulator.ts`, the CLI the README
 * documents), serving the same generated dataset: in production the provider runs elsewhere, so
 * the bench's ingestion should not pay for building and serialising the provider's pages on its
 * own thread. The dataset is the same as the bench's in-process one (same options and seed; the
 * OpenAI data does not depend on the Anthropic organization), which the stored-rows and
 * cost-line checks confirm on every run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { DatasetOptions } from "../../emulator/dataset";

const CLI = fileURLToPath(new URL("../../emulator.ts", import.meta.url));

export interface EmulatorProcess {
  /** OpenAI base URL (…/v1). */
  url: string;
  registerAdminKey(key: string, org: string): Promise<void>;
  close(): Promise<void>;
}

function cliArgs(d: DatasetOptions, maxResults: number): string[] {
  return [
    ["--port", "0"],
    ["--seed", String(d.seed)],
    ["--orgs", String(d.organizations ?? 1)],
    ["--projects", String(d.projects)],
    ["--api-keys", String(d.apiKeysPerProject)],
    ["--users", String(d.users)],
    ["--models", String(d.models)],
    ["--days", String(d.days)],
    ["--end", d.endDate],
    ["--density", String(d.density ?? 0.3)],
    ["--max-results", String(maxResults)],
    ["--no-anthropic"],
  ].flat();
}

export async function startEmulatorProcess(dataset: DatasetOptions, maxResults: number): Promise<EmulatorProcess> {
  // The parent's execArgv carries tsx's loader, so the child runs TypeScript the same way.
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, CLI, ...cliArgs(dataset, maxResults)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      out += chunk;
      const m = /base URL\s+(http:\/\/\S+)\s+\(OpenAI\)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`the emulator process exited (${code}) before listening`)));
    child.on("error", reject);
  });
  child.stdout!.resume();
  const origin = new URL(url).origin;
  return {
    url,
    async registerAdminKey(key, org) {
      const res = await fetch(`${origin}/__emulator/keys`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key, kind: "admin", org }),
      });
      if (!res.ok) throw new Error(`the emulator process refused the bench key: ${res.status} ${await res.text()}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
