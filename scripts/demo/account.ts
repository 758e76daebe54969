import type { Db } from "@/db/types";
import { createLocalAccount, findUserByEmailOrId } from "@/lib/auth/accounts";
import { createKey } from "@/lib/keys/create";
import { listKeyRows } from "@/lib/keys/list";
import { createKeySchema } from "@/lib/keys/schemas";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import type { EmulatorDataset } from "../emulator/types";

export const DEMO_EMAIL = "demo@cognitrack.local";
export const DEMO_PASSWORD = "cognitrack-demo";

/** The demo user, the personal organization they own, and its admin key: created once, reused later. */
export async function ensureDemoAccount(db: Db, dataset: EmulatorDataset) {
  const user =
    (await findUserByEmailOrId(db, DEMO_EMAIL)) ??
    (await createLocalAccount(db, { email: DEMO_EMAIL, password: DEMO_PASSWORD }));
  const org = await ensurePersonalOrganization(db, user);
  if ((await listKeyRows(db, org.id)).length === 0) {
    const admin = dataset.credentials.find((c) => c.kind === "admin")!;
    const provider = dataset.organizations.find((o) => o.id === admin.orgId)!;
    await createKey(
      db,
      { userId: user.id, orgId: org.id, role: "owner" },
      createKeySchema.parse({
        provider: "openai",
        label: `${provider.name} (admin)`,
        usageMode: "admin",
        apiKey: admin.key,
        organizationId: provider.id,
        projectId: provider.projects[0]!.id,
      }),
    );
  }
  return { userId: user.id, org };
}
