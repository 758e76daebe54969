/**
 * The matrix's world in local mode. Members with roles cannot join an organization over HTTP
 * yet (invitations are issue 9a), and PGlite is one process's database, so the people are seeded
 * BEFORE the app starts, through the same src/lib functions sign-up uses: organization A with an
 * owner, an admin, a viewer and a pool of spare viewers (the member cases remove or promote one
 * each), and B's owner. Then the built app starts on that database and everyone signs in over
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
import { createKeyIn, createTeamOrg, type World } from "./world";

const PASSWORD = "correct horse battery";
// Each member row (PATCH, DELETE) takes one per case: 7 cases each.
const SPARE_MEMBERS = 16;

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
    return { orgA, owner, admin, viewer, spares, outsider };
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
    cronSecret: env.CRON_SECRET!,
    usageDay: e2e.dataset.end,
    standardKey: e2e.standardKey,
    fixtures: {
      key: () => createKeyIn(owner, e2e.standardKey, `Matrix fixture ${++keys}`),
      member: async () => {
        const next = spares.shift();
        if (!next) throw new Error("the seeded pool of spare members is used up: raise SPARE_MEMBERS");
        return { userId: next.id };
      },
      teamOrg: () => createTeamOrg(owner, `Matrix throwaway ${randomUUID().slice(0, 6)}`),
      signIn: () => ({ email: people.viewer.email, password: PASSWORD }),
    },
  };
  return { world, app };
}
