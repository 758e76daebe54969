/**
 * audit/bench/ingest.json keeps the latest run per database kind: the PostgreSQL run (the 1M-row
 * headline) at the top level when there is one, the other kinds' latest runs under other_databases.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

type Run = { database: { kind: string } } & Record<string, unknown>;

export function writeBenchReport(file: string, run: Run): string {
  const out = path.resolve(file);
  const byKind = new Map<string, Run>();
  if (existsSync(out)) {
    try {
      const previous = JSON.parse(readFileSync(out, "utf8")) as Run & { other_databases?: Record<string, Run> };
      const { other_databases: others, ...top } = previous;
      for (const [kind, r] of Object.entries(others ?? {})) byKind.set(kind, r);
      if (top.database?.kind) byKind.set(top.database.kind, top as Run);
    } catch {
      // an unreadable previous report is simply replaced
    }
  }
  byKind.set(run.database.kind, run);
  const topKind = byKind.has("postgresql") ? "postgresql" : run.database.kind;
  const top = byKind.get(topKind)!;
  byKind.delete(topKind);
  const others = Object.fromEntries([...byKind].sort(([a], [b]) => a.localeCompare(b)));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ ...top, other_databases: others }, null, 2) + "\n");
  return out;
}
