/**
 * The fuzzer's own copy of the built app, on its own embedded database, against the suite's
 * emulator. A defect that freezes the server then only takes this copy down (it is restarted and
 * the next route goes on), and the fuzzer's sign-in storms never touch the shared app's rate limits.
 * Its output goes to the suite's log folder like the shared app's.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../api-client";
import { productionEnv, startApp, type RunningApp } from "../app-server";
import { probe, sameOriginHeaders } from "../http-probe";
import { callJson, signUpSession, TEST_PASSWORD } from "../session";
import type { FuzzWorld } from "./cases";

export interface FuzzTarget {
  app: RunningApp;
  emails: { writer: string; reader: string };
  /** Signed in as the user who owns a (useless) key and receives the writes. */
  writer: FuzzWorld;
  /** Signed in as the user whose key has real usage: the read side has rows to chew on. */
  reader: FuzzWorld;
}

let started = 0;

export async function startFuzzTarget(): Promise<FuzzTarget> {
  const e2e = env();
  const appEnv = productionEnv({
    OPENAI_API_BASE_URL: e2e.emulatorUrl,
    OPENAI_ADMIN_REQUESTS_PER_MINUTE: "6000",
    OPENAI_ADMIN_MAX_BURST: "200",
    INGESTION_DEFAULT_DAYS: "14",
    PROVIDER_MAX_ATTEMPTS: "2",
    PROVIDER_REQUEST_TIMEOUT_MS: "5000",
    LOG_LEVEL: "debug",
  });
  const name = `fuzz-app-${++started}`;
  // The log scan opens this database once the app is gone, to look for stored ciphertext in the logs.
  writeFileSync(path.join(e2e.logDir, `${name}.datadir`), appEnv.PGLITE_DATA_DIR!);
  const app = await startApp(appEnv, 60_000, "127.0.0.1", path.join(e2e.logDir, `${name}.log`));
  try {
    const writer = await signUpSession(app.url, "fuzz-writer");
    const reader = await signUpSession(app.url, "fuzz-reader");
    const writerKey = await createKey(app.url, writer.cookie, {
      provider: "openai",
      label: "Fuzz key",
      usageMode: "standard",
      apiKey: "sk-proj-fuzz-not-a-real-key-0000",
    });
    const readerKey = await createKey(app.url, reader.cookie, {
      provider: "openai",
      label: "Fuzz reader key",
      usageMode: "admin",
      ...e2e.admin,
    });
    const ingest = await callJson(app.url, "POST", "/api/usage", reader.cookie, {});
    if (ingest.status !== 200) throw new Error(`seeding usage failed: ${ingest.status} ${ingest.text}`);
    const world = (cookie: string, ownKeyId: string, otherKeyId: string): FuzzWorld => ({
      appUrl: app.url,
      cookie,
      ownKeyId,
      otherKeyId,
      cronSecret: appEnv.CRON_SECRET!,
      metricsToken: appEnv.METRICS_TOKEN!,
      dataset: e2e.dataset,
    });
    return {
      app,
      emails: { writer: writer.email, reader: reader.email },
      writer: world(writer.cookie, writerKey, readerKey),
      reader: world(reader.cookie, readerKey, writerKey),
    };
  } catch (e) {
    await app.stop();
    throw e;
  }
}

async function createKey(appUrl: string, cookie: string, body: Record<string, unknown>): Promise<string> {
  const res = await callJson<{ key: { id: string } }>(appUrl, "POST", "/api/keys", cookie, body);
  if (res.status !== 201) throw new Error(`creating a key failed: ${res.status} ${res.text}`);
  return res.body.key.id;
}

/** Fuzzing sign-out ends the writer's session: sign back in before the next route. */
export async function ensureSignedIn(target: FuzzTarget): Promise<void> {
  for (const who of ["writer", "reader"] as const) {
    const world = target[who];
    if ((await callJson(world.appUrl, "GET", "/api/keys", world.cookie)).status !== 401) continue;
    const res = await probe(world.appUrl, {
      method: "POST",
      path: "/api/auth/sign-in",
      headers: { ...sameOriginHeaders(world.appUrl), "content-type": "application/json" },
      body: JSON.stringify({ email: target.emails[who], password: TEST_PASSWORD }),
    });
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    if (res.status !== 200 || !cookie) throw new Error(`signing the ${who} back in failed: ${res.status} ${res.text}`);
    world.cookie = cookie;
  }
}

/** Ends the copy at once: a frozen server does not answer SIGTERM. */
export async function killFuzzTarget(target: FuzzTarget): Promise<void> {
  const { child } = target.app;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}
