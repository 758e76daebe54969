/**
 * The matrix's world in local mode. PGlite is one process's database, so the people are seeded
 * BEFORE the app starts, through the same src/lib functions sign-up uses: organization A with an
 * owner, an admin, a viewer and a pool of spare viewers (the member cases remove or promote one
 * each), B's owner, and an API token of A whose expiry is then moved into the past (the API
 * refuses to make one). Then the built app starts on that database and everyone signs in over
 * HTTP; every object a case needs is made over HTTP by A's owner.
 */
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { openDatabase } from "@/db/client";
import { memberships } from "@/db/schema";
import { createLocalAccount } from "@/lib/auth/accounts";
import { createOrganization } from "@/lib/orgs/create";
import type { Role } from "@/lib/orgs/roles";
import { productionEnv, startApp, type RunningApp } from "../app-server";
import { httpCaller, readActionIndex, type Caller } from "./http";
import { seedExpiredToken } from "./tokens";
import {
  createBudgetIn,
  createChannelIn,
  createInvitationIn,
  createKeyIn,
  createTeamOrg,
  invitationTokenFor,
  type World,
  createPriceOverrideIn,
} from "./world";

const PASSWORD = "correct horse battery";
// Each member row (PATCH, DELETE) takes one per case (about 12), and so does sign-out-everywhere
// (its allowed case ends every session of the person; 6 cases).
const SPARE_MEMBERS = 40;

interface Person {
  id: string;
  email: string;
}

async function seed(dataDir: string) {
  const handle = await openDatabase({ kind: "pglite", dataDir, autoMigrate: true });
  try {
    const person = (label: string) =>
      createLocalAccount(handle.db, {
        email: `${label}-${randomUUID().slice(0, 8)}@matrix.example`,
        password: PASSWORD,
      });
    const owner = await person("owner-a");
    const orgA = await createOrganization(handle.db, { userId: owner.id }, { name: "Matrix team A" });
    const join = async (label: string, role: Role): Promise<Person> => {
      const p = await person(label);
      await handle.db.insert(memberships).values({ orgId: orgA.id, userId: p.id, role });
      return p;
    };
    const admin = await join("admin-a", "admin");
    const viewer = await join("viewer-a", "viewer");
    const spares: Person[] = [];
    for (let i = 0; i < SPARE_MEMBERS; i++) spares.push(await join(`spare-${i}`, "viewer"));
    const outsider = await person("owner-b");
    const expiredToken = await seedExpiredToken(handle.db, { userId: owner.id, orgId: orgA.id, role: "owner" });
    return { orgA, owner, admin, viewer, spares, outsider, expiredToken };
  } finally {
    await handle.close();
  }
}

async function signIn(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("ct_session="));
  if (res.status !== 200 || !cookie) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return cookie.split(";")[0]!;
}

export async function startLocalWorld(): Promise<{ world: World; app: RunningApp }> {
  const e2e = inject("e2e");
  const env = productionEnv({
    OPENAI_API_BASE_URL: e2e.emulatorUrl,
    OPENAI_ADMIN_REQUESTS_PER_MINUTE: "6000",
    OPENAI_ADMIN_MAX_BURST: "200",
    INGESTION_DEFAULT_DAYS: "1",
    RATE_LIMIT_SIGN_IN_PER_ADDRESS: "100000",
    RATE_LIMIT_SIGN_UP_PER_ADDRESS: "100000",
  });
  const people = await seed(env.PGLITE_DATA_DIR!);
  const app = await startApp(env);
  const baseUrl = app.url;
  let actions: ReturnType<typeof readActionIndex> | null = null;
  const actionIndex = () => (actions ??= readActionIndex());
  const member = async (person: Person, name: string, orgId: string | null): Promise<Caller> => {
    const cookie = await signIn(baseUrl, person.email);
    return httpCaller(baseUrl, name, () => ({ cookie }), orgId, actionIndex);
  };
  const owner = await member(people.owner, "owner of A", people.orgA.id);
  const byRole = { owner: people.owner, admin: people.admin, viewer: people.viewer };

  const ownerCookie = (await signIn(baseUrl, people.owner.email)).split("=")[1]!;
  const tampered = [
    `ct_session=${ownerCookie}.extra`,
    `ct_session=${ownerCookie}x`,
    "ct_session=abc.def",
    "ct_session=...",
  ];
  const spares = [...people.spares];
  let keys = 0;
  const world: World = {
    mode: "local",
    baseUrl,
    orgA: { id: people.orgA.id, name: people.orgA.name },
    anonymous: httpCaller(baseUrl, "anonymous", () => ({}), null, actionIndex),
    members: {
      owner,
      admin: await member(people.admin, "admin of A", people.orgA.id),
      viewer: await member(people.viewer, "viewer of A", people.orgA.id),
    },
    outsider: await member(people.outsider, "owner of B", null),
    forged: tampered.map((cookie, i) =>
      httpCaller(baseUrl, `tampered cookie ${i + 1}`, () => ({ cookie }), people.orgA.id, actionIndex),
    ),
    expiredToken: people.expiredToken,
    cronSecret: env.CRON_SECRET!,
    metricsToken: env.METRICS_TOKEN!,
    usageDay: e2e.dataset.end,
    standardKey: e2e.standardKey,
    fixtures: {
      channel: () => createChannelIn(owner, `Matrix channel ${randomUUID().slice(0, 6)}`),
      key: () => createKeyIn(owner, e2e.standardKey, `Matrix fixture ${++keys}`),
      member: async () => {
        const next = spares.shift();
        if (!next) throw new Error("the seeded pool of spare members is used up: raise SPARE_MEMBERS");
        return { userId: next.id };
      },
      teamOrg: () => createTeamOrg(owner, `Matrix throwaway ${randomUUID().slice(0, 6)}`),
      signIn: () => ({ email: people.viewer.email, password: PASSWORD }),
      spareSession: async () => {
        const next = spares.shift();
        if (!next) throw new Error("the seeded pool of spare members is used up: raise SPARE_MEMBERS");
        return member(next, "a spare viewer of A", people.orgA.id);
      },
      invitation: () => createInvitationIn(owner, `invited-${randomUUID().slice(0, 8)}@matrix.example`),
      invitationToken: (role) => invitationTokenFor(owner, byRole[role].email),
      budget: () => createBudgetIn(owner, `Matrix budget ${randomUUID().slice(0, 6)}`),
      priceOverride: () => createPriceOverrideIn(owner),
    },
  };
  return { world, app };
}
