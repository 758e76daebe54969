import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Db } from "@/db/types";
import { createLocalAccount } from "@/lib/auth/accounts";
import { createKey } from "@/lib/keys/create";
import { listKeyRows } from "@/lib/keys/list";
import { createKeySchema } from "@/lib/keys/schemas";
import type { EmulatorDataset } from "../emulator/types";

export const DEMO_EMAIL = "demo@cognitrack.local";
export const DEMO_PASSWORD = "cognitrack-demo";

/** The demo user and its two keys (admin and standard), created once and reused on later runs. */
export async function ensureDemoAccount(db: Db, dataset: EmulatorDataset) {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_EMAIL));
  const userId = existing?.id ?? (await createLocalAccount(db, { email: DEMO_EMAIL, password: DEMO_PASSWORD })).id;
  const keys = await listKeyRows(db, userId);
  if (keys.length === 0) {
    const admin = dataset.credentials.find((c) => c.kind === "admin")!;
    const org = dataset.organizations.find((o) => o.id === admin.orgId)!;
    await createKey(
      db,
      userId,
      createKeySchema.parse({
        provider: "openai",
        label: `${org.name} (admin)`,
        usageMode: "admin",
        apiKey: admin.key,
        organizationId: org.id,
        projectId: org.projects[0]!.id,
      }),
    );
  }
  return { userId };
}
