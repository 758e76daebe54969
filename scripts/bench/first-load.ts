/**
 * `npm run bench:first-load`: first-load JavaScript (gzip) per App Router page, read from an
 * existing `next build` output (`.next`). Next 16 no longer prints the figure, so it is rebuilt
 * the way Next computed it: the chunks every page loads (build-manifest rootMainFiles) plus the
 * chunks of the page's own entry tree (its layouts and page, from the page's client reference
 * manifest), each gzipped, summed without double counting. Polyfills (nomodule) and CSS are left
 * out, as Next left them out. Writes audit/bench/first-load.json; `--check` exits 1 when the
 * watched page is over the limit.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { EXIT, runCli, UsageError } from "../lib/runtime";

const HELP = `Usage: npm run bench:first-load -- [options]   (run \`npm run build\` first)
  --dir DIR        the Next build output (.next)
  --page ROUTE     the page held to the limit (/analytics)
  --limit-kb N     its first-load gzip budget in kB (250)
  --check          exit 1 when that page is over the limit
  --out FILE       (audit/bench/first-load.json)`;

interface ClientManifest {
  entryJSFiles?: Record<string, string[]>;
}

const kb = (bytes: number) => Math.round((bytes / 1000) * 10) / 10;

function readJson<T>(file: string): T {
  if (!existsSync(file)) throw new UsageError(`${file} not found: run \`npm run build\` first`);
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** The page's client reference manifest is a script assigning globalThis.__RSC_MANIFEST[entry]. */
function entryFiles(dir: string, entry: string): string[] {
  const file = path.join(dir, "server", "app", `${entry}_client-reference-manifest.js`);
  if (!existsSync(file)) return [];
  const sandbox: { __RSC_MANIFEST?: Record<string, ClientManifest> } = {};
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox, { filename: file, timeout: 5000 });
  const manifest = sandbox.__RSC_MANIFEST?.[entry] ?? Object.values(sandbox.__RSC_MANIFEST ?? {})[0];
  return Object.values(manifest?.entryJSFiles ?? {}).flat();
}

runCli(async () => {
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({
      args: process.argv.slice(2),
      options: {
        dir: { type: "string", default: ".next" },
        page: { type: "string", default: "/analytics" },
        "limit-kb": { type: "string", default: "250" },
        check: { type: "boolean", default: false },
        out: { type: "string", default: "audit/bench/first-load.json" },
        help: { type: "boolean", default: false },
      },
    }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (v.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const limitKb = Number(v["limit-kb"]);
  if (!(limitKb > 0)) throw new UsageError(`--limit-kb must be a positive number (got "${v["limit-kb"]}")`);
  const dir = path.resolve(String(v.dir));
  const build = readJson<{ rootMainFiles?: string[]; polyfillFiles?: string[] }>(path.join(dir, "build-manifest.json"));
  const routes = readJson<Record<string, string>>(path.join(dir, "app-path-routes-manifest.json"));

  const gzipCache = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (rel: string) => {
    let s = gzipCache.get(rel);
    if (!s) {
      const file = path.join(dir, rel.replace(/^\/?_next\//, ""));
      const body = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
      s = { raw: body.length, gzip: body.length ? gzipSync(body, { level: 9 }).length : 0 };
      gzipCache.set(rel, s);
    }
    return s;
  };
  const sum = (files: Iterable<string>) => {
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      const s = sizeOf(f);
      raw += s.raw;
      gzip += s.gzip;
    }
    return { raw_kb: kb(raw), gzip_kb: kb(gzip) };
  };

  const shared = new Set((build.rootMainFiles ?? []).filter((f) => f.endsWith(".js")));
  const pages = Object.entries(routes)
    .filter(([entry]) => entry.endsWith("/page"))
    .map(([entry, route]) => {
      const own = entryFiles(dir, entry).filter((f) => f.endsWith(".js") && !shared.has(f));
      const files = new Set([...shared, ...own]);
      const ownFiles = [...new Set(own)];
      return { route, entry, chunks: files.size, first_load: sum(files), own: sum(ownFiles), ownFiles };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
  if (pages.length === 0) throw new UsageError(`no App Router pages in ${dir}`);
  const watched = pages.find((p) => p.route === v.page);
  if (!watched) throw new UsageError(`page ${String(v.page)} is not in this build`);

  const output = {
    benchmark: "first-load",
    recorded_at: new Date().toISOString(),
    build_id: existsSync(path.join(dir, "BUILD_ID")) ? readFileSync(path.join(dir, "BUILD_ID"), "utf8").trim() : null,
    method:
      "gzip -9 of build-manifest rootMainFiles plus the page's client reference manifest entryJSFiles (its layouts " +
      "and page), each chunk once; polyfills and CSS excluded",
    shared_by_all: { chunks: shared.size, ...sum(shared) },
    watched: {
      route: watched.route,
      first_load_gzip_kb: watched.first_load.gzip_kb,
      /** where to look first when it is over */
      largest_own_chunks: watched.ownFiles
        .map((f) => ({ chunk: f, gzip_kb: kb(sizeOf(f).gzip) }))
        .sort((a, b) => b.gzip_kb - a.gzip_kb)
        .slice(0, 5),
      limit_kb: limitKb,
      under_limit: watched.first_load.gzip_kb < limitKb,
    },
    pages: pages.map(({ ownFiles: _files, ...page }) => page),
  };
  const out = path.resolve(String(v.out));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(output, null, 2) + "\n");
  console.log(
    pages.map((p) => `${p.route.padEnd(40)} ${p.first_load.gzip_kb.toFixed(1).padStart(7)} kB`).join("\n") +
      `\n${watched.route}: ${watched.first_load.gzip_kb} kB first-load gzip, limit ${limitKb} kB: ` +
      `${output.watched.under_limit ? "under" : "OVER"}\nwrote ${path.relative(process.cwd(), out)}`,
  );
  return v.check && !output.watched.under_limit ? EXIT.failed : EXIT.ok;
});
