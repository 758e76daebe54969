/**
 * The matrix's world in Clerk mode: the built app with a fake publishable key of the right
 * format, CLERK_JWT_KEY set to the public half of our own key pair, and a loopback-only guard
 * preloaded so any attempt to reach Clerk's servers fails and shows in the output. People are
 * Clerk session tokens minted per request (v2 claims, `o.rol` carrying the organization role);
 * organization A is a Clerk organization the app mirrors on first sight. The owner and the viewer
 * send the token as the `__session` cookie, the admin and B's owner as `Authorization: Bearer`,
 * so both ways Clerk reads a session are exercised by every row.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { inject } from "vitest";
import { openDatabase } from "@/db/client";
import { createLocalAccount } from "@/lib/auth/accounts";
import { createOrganization } from "@/lib/orgs/create";
import { productionEnv, startApp, type RunningApp } from "../app-server";
import {
  clerkKeyPair,
  fakePublishableKey,
  fakeSecretKey,
  mintSessionToken,
  sessionCookies,
  type ClerkIdentity,
  type ClerkKeys,
  type MintOptions,
} from "../clerk/session-token";
import { httpCaller, readActionIndex, type Caller } from "./http";
import { seedExpiredToken } from "./tokens";
import {
  createBudgetIn,
  createChannelIn,
  createKeyIn,
  createPriceOverrideIn,
  createTeamOrg,
  invitationTokenFor,
  type World,
} from "./world";

export const LOOPBACK_GUARD = path.resolve("tests/e2e/clerk/loopback-only.cjs");
export type Transport = "cookie" | "bearer";

export interface ClerkWorld {
  world: World;
  app: RunningApp;
  keys: ClerkKeys;
  clerkOrgA: { id: string; slug: string };
  /** A new Clerk user (optionally in a Clerk organization with a Clerk role). */
  person(label: string, org?: ClerkIdentity["org"]): ClerkIdentity;
  caller(who: ClerkIdentity, transport: Transport, opts?: MintOptions): Caller;
}

/**
 * Before the app holds the database: an expired token of a throwaway organization (Clerk's A
 * exists only once the app has seen it; an expired token is refused before its organization matters).
 */
async function seedExpiredTokenIn(dataDir: string): Promise<string> {
  const handle = await openDatabase({ kind: "pglite", dataDir, autoMigrate: true });
  try {
    const user = await createLocalAccount(handle.db, {
      email: `expired-${randomUUID().slice(0, 8)}@clerk.example`,
      password: "correct horse battery",
    });
    const org = await createOrganization(handle.db, { userId: user.id }, { name: "Expired token team" });
    return await seedExpiredToken(handle.db, { userId: user.id, orgId: org.id, role: "owner" });
  } finally {
    await handle.close();
  }
}

export async function startClerkWorld(): Promise<ClerkWorld> {
  const e2e = inject("e2e");
  const keys = clerkKeyPair();
  const env = productionEnv({
    AUTH_MODE: "clerk",
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: fakePublishableKey(),
    CLERK_SECRET_KEY: fakeSecretKey(),
    CLERK_JWT_KEY: keys.publicPem,
    NODE_OPTIONS: `--require ${LOOPBACK_GUARD}`,
    OPENAI_API_BASE_URL: e2e.emulatorUrl,
    OPENAI_ADMIN_REQUESTS_PER_MINUTE: "6000",
    OPENAI_ADMIN_MAX_BURST: "200",
    INGESTION_DEFAULT_DAYS: "1",
  });
  const expiredToken = await seedExpiredTokenIn(env.PGLITE_DATA_DIR!);
  const app = await startApp(env, 60_000, "localhost");
  const baseUrl = app.url;
  const run = randomUUID().replace(/-/g, "").slice(0, 10);
  let actions: ReturnType<typeof readActionIndex> | null = null;
  const actionIndex = () => (actions ??= readActionIndex());

  const person = (label: string, org?: ClerkIdentity["org"]): ClerkIdentity => ({
    userId: `user_${label.replace(/[^a-z0-9]/gi, "")}${run}`,
    email: `${label}-${run}@clerk.example`,
    org,
  });
  const caller = (who: ClerkIdentity, transport: Transport, opts: MintOptions = {}) =>
    httpCaller(
      baseUrl,
      `${who.email} (${who.org?.role ?? "no organization"}, ${transport})`,
      (): Record<string, string> => {
        const token = mintSessionToken(keys, who, opts);
        return transport === "cookie" ? { cookie: sessionCookies(token) } : { authorization: `Bearer ${token}` };
      },
      null,
      actionIndex,
    );

  const clerkOrgA = { id: `org_a${run}`, slug: "matrix-team-a" };
  const inA = (role: string) => ({ id: clerkOrgA.id, role, slug: clerkOrgA.slug });
  // Clerk's default roles are org:admin and org:member; org:owner exists when an instance defines it.
  const ownerA = person("owner-a", inA("owner"));
  const viewerA = person("viewer-a", inA("member"));
  const adminA = person("admin-a", inA("admin"));
  const owner = caller(ownerA, "cookie");
  const mine = await owner.request("GET", "/api/orgs");
  const current = (mine.body?.organizations ?? []).find((o: { current: boolean }) => o.current);
  if (mine.status !== 200 || !current) throw new Error(`Clerk organization A: ${mine.status} ${mine.text}`);

  let keyCount = 0;
  let memberCount = 0;
  const world: World = {
    mode: "clerk",
    baseUrl,
    orgA: { id: current.id, name: current.name },
    anonymous: httpCaller(baseUrl, "anonymous", () => ({}), null, actionIndex),
    members: {
      owner,
      admin: caller(adminA, "bearer"),
      viewer: caller(viewerA, "cookie"),
    },
    outsider: caller(person("owner-b", { id: `org_b${run}`, role: "owner", slug: "matrix-team-b" }), "bearer"),
    forged: [
      caller(ownerA, "cookie", { signWith: clerkKeyPair().privateKey }),
      caller(ownerA, "bearer", { signWith: clerkKeyPair().privateKey }),
      caller(ownerA, "bearer", { expiresIn: -120 }),
    ],
    expiredToken,
    cronSecret: env.CRON_SECRET!,
    metricsToken: env.METRICS_TOKEN!,
    usageDay: e2e.dataset.end,
    standardKey: e2e.standardKey,
    fixtures: {
      channel: () => createChannelIn(owner, `Clerk channel ${randomUUID().slice(0, 6)}`),
      key: () => createKeyIn(owner, e2e.standardKey, `Clerk fixture ${++keyCount}`),
      // A member of a Clerk organization exists here once they have made a request in it.
      member: async () => {
        const who = person(`member-${++memberCount}`, inA("member"));
        const first = await caller(who, "bearer").request("GET", "/api/orgs");
        if (first.status !== 200) throw new Error(`new Clerk member: ${first.status} ${first.text}`);
        const list = await owner.request("GET", "/api/members");
        const row = (list.body?.members ?? []).find((m: { email: string }) => m.email === who.email);
        if (!row) throw new Error(`new Clerk member not listed: ${list.text}`);
        return { userId: row.userId as string };
      },
      teamOrg: () => createTeamOrg(owner, `Clerk throwaway ${randomUUID().slice(0, 6)}`),
      signIn: () => null,
      // Each request carries a newly minted token: nothing here ends a Clerk session.
      spareSession: async () => world.members.viewer,
      invitation: async () => null,
      invitationToken: (role) =>
        invitationTokenFor(owner, { owner: ownerA, admin: adminA, viewer: viewerA }[role].email),
      budget: () => createBudgetIn(owner, `Clerk budget ${randomUUID().slice(0, 6)}`),
      priceOverride: () => createPriceOverrideIn(owner),
    },
  };
  return { world, app, keys, clerkOrgA, person, caller };
}
