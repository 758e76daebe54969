/**
 * The cron benchmark's world: an emulator with a few provider organizations of each provider,
 * paced per credential, and `users` app organizations (one owner each) holding `keysPerUser`
 * admin keys, OpenAI and Anthropic mixed, every key its own provider account. A given share of the
 * keys fails at the provider (401 or 500 on every request).
 */
import { createHash } from "node:crypto";
import { users } from "@/db/schema";
import type { Db } from "@/db/types";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import { generateDataset } from "../../emulator/dataset";
import { startEmulator, type EmulatorHandle, type FaultMode } from "../../emulator/server";

export interface CronWorldOptions {
  users: number;
  keysPerUser: number;
  /** percent of keys that fail at the provider */
  failPct: number;
  requestsPerMinute: number;
  burst: number;
  seed: number;
  /** the one day of usage the cron fetches (the dataset's last day) */
  day: string;
  /** scales the generated provider organizations */
  projects: number;
  apiKeysPerProject: number;
  models: number;
  density: number;
}

export interface BenchKey {
  index: number;
  provider: "openai" | "anthropic";
  secret: string;
  orgId: string;
  accountId: string;
  failing: FaultMode | null;
}

export async function startCronEmulator(o: CronWorldOptions, nowMs: number): Promise<EmulatorHandle> {
  const dataset = generateDataset({
    seed: o.seed,
    organizations: o.keysPerUser,
    projects: o.projects,
    apiKeysPerProject: o.apiKeysPerProject,
    users: 6,
    models: o.models,
    days: 3,
    endDate: o.day,
    density: o.density,
  });
  return startEmulator({
    dataset,
    port: 0,
    now: () => nowMs,
    pacing: { requestsPerMinute: o.requestsPerMinute, burst: o.burst },
  });
}

/** Spread evenly over the key indices, so failures land in every part of the queue. */
function faultOf(index: number, total: number, failPct: number): FaultMode | null {
  const failing = Math.round((total * failPct) / 100);
  if (failing === 0) return null;
  const every = total / failing;
  const slot = Math.floor(index / every);
  if (Math.floor(slot * every) !== index || slot >= failing) return null;
  return slot % 2 === 0 ? "unauthorized" : "server_error";
}

/** A key string of the right shape, unique per run and index, never a real credential. */
function benchSecret(provider: "openai" | "anthropic", runTag: string, index: number): string {
  const tail = createHash("sha256").update(`${runTag}:${index}`).digest("hex").slice(0, 24);
  return provider === "openai" ? `sk-admin-cronbench-${tail}` : `sk-ant-admin01-cronbench-${tail}`;
}

export async function seedCronWorld(
  db: Db,
  emulator: EmulatorHandle,
  o: CronWorldOptions,
  runTag: string,
): Promise<{ keys: BenchKey[]; userIds: string[] }> {
  const total = o.users * o.keysPerUser;
  const keys: BenchKey[] = [];
  const userIds: string[] = [];
  const openaiOrgs = emulator.dataset.organizations;
  const anthropicOrgs = emulator.dataset.anthropic?.organizations ?? [];
  for (let u = 0; u < o.users; u++) {
    const [user] = await db
      .insert(users)
      .values({ email: `cron-bench-${runTag}-${u}@bench.cognitrack.invalid`, name: `Cron bench ${u}` })
      .returning();
    userIds.push(user!.id);
    const org = await ensurePersonalOrganization(db, user!);
    const actor = { userId: user!.id, orgId: org.id, role: "owner" as const };
    for (let j = 0; j < o.keysPerUser; j++) {
      const index = u * o.keysPerUser + j;
      const provider = (u + j) % 2 === 0 ? "openai" : "anthropic";
      const secret = benchSecret(provider, runTag, index);
      const failing = faultOf(index, total, o.failPct);
      const providerOrg = provider === "openai" ? openaiOrgs[j]! : anthropicOrgs[j]!;
      emulator.registerKey({ key: secret, provider, kind: "admin", org: providerOrg.id, fault: failing ?? undefined });
      const input =
        provider === "openai"
          ? {
              provider,
              label: `Bench OpenAI ${j}`,
              usageMode: "admin",
              apiKey: secret,
              organizationId: providerOrg.id,
              projectId: openaiOrgs[j]!.projects[0]!.id,
            }
          : { provider, label: `Bench Anthropic ${j}`, apiKey: secret };
      const { key } = await createKey(db, actor, createKeySchema.parse(input));
      keys.push({ index, provider, secret, orgId: org.id, accountId: key.accountId, failing });
    }
  }
  return { keys, userIds };
}
