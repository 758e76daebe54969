/**
 * What the source declares: every route handler (file + exported HTTP method) under src/app and
 * every export of a "use server" module. The contract test compares these with its table.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** `export const GET =`, `export async function POST(`, `export { handler as PATCH }`. */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  const direct = /export\s+(?:const|let|var|async\s+function|function)\s+([A-Z]+)\b/g;
  for (const m of source.matchAll(direct)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(","))
      found.add(
        part
          .trim()
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
  }
  return HTTP_METHODS.filter((method) => found.has(method));
}

/** `src/app/api/keys/[id]/route.ts` -> `/api/keys/[id]` (route groups `(x)` dropped). */
export function routePathOf(appDir: string, file: string): string {
  const segments = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== "" && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

export function discoverRoutes(root = process.cwd()): { method: string; path: string; file: string }[] {
  const appDir = path.join(root, "src", "app");
  return walk(appDir)
    .filter((f) => /(^|[\\/])route\.(ts|tsx|js|mjs)$/.test(f))
    .flatMap((file) =>
      exportedMethods(readFileSync(file, "utf8")).map((method) => ({
        method,
        path: routePathOf(appDir, file),
        file: path.relative(root, file),
      })),
    );
}

/** Exported functions of every module under src that starts with "use server". */
export function discoverServerActions(root = process.cwd()): { file: string; exportedName: string }[] {
  return walk(path.join(root, "src"))
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .flatMap((file) => {
      const source = readFileSync(file, "utf8");
      if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(source)) return [];
      return [...source.matchAll(/export\s+(?:async\s+)?function\s+(\w+)|export\s+const\s+(\w+)\s*=/g)].map((m) => ({
        file: path.relative(root, file).split(path.sep).join("/"),
        exportedName: (m[1] ?? m[2])!,
      }));
    });
}
