import type { Db } from "@/db/types";
import { createLocalAccount, findUserByEmailOrId } from "@/lib/auth/accounts";
import { createKey } from "@/lib/keys/create";
import { listKeyRows } from "@/lib/keys/list";
import { createKeySchema } from "@/lib/keys/schemas";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import type { EmulatorDataset } from "../emulator/types";

export const DEMO_EMAIL = "demo@cognitrack.local";
export const DEMO_PASSWORD = "cognitrack-demo";

/**
 * The demo user, the personal organization they own, and its admin keys (OpenAI and Anthropic, so
 * the dashboard shows both providers): created once, reused later; an older demo database without
 * the Anthropic key gets it added.
 */
export async function ensureDemoAccount(db: Db, dataset: EmulatorDataset) {
  const user =
    (await findUserByEmailOrId(db, DEMO_EMAIL)) ??
    (await createLocalAccount(db, { email: DEMO_EMAIL, password: DEMO_PASSWORD }));
  const org = await ensurePersonalOrganization(db, user);
  const existing = await listKeyRows(db, org.id);
  const actor = { userId: user.id, orgId: org.id, role: "owner" as const };
  if (existing.length === 0) {
    const admin = dataset.credentials.find((c) => c.kind === "admin")!;
    const provider = dataset.organizations.find((o) => o.id === admin.orgId)!;
    await createKey(
      db,
      actor,
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
  const anthropic = dataset.anthropic ? dataset.anthropic.credentials.find((c) => c.kind === "admin") : undefined;
  if (anthropic && !existing.some((k) => k.provider === "anthropic")) {
    await createKey(
      db,
      actor,
      createKeySchema.parse({ provider: "anthropic", label: "Claude organization (admin)", apiKey: anthropic.key }),
    );
  }
  return { userId: user.id, org };
}
