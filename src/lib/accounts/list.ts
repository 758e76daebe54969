import { asc, eq } from "drizzle-orm";
import { providerAccounts } from "@/db/schema";
import type { Db } from "@/db/types";
import { listKeyRows } from "@/lib/keys/list";
import { toKeyView } from "@/lib/keys/view";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { toAccountView, type AccountView } from "./view";

/** The organization's provider accounts, oldest first, each with its keys (also accounts left without keys). */
export async function listAccounts(db: Db, actor: ActingAs): Promise<AccountView[]> {
  assertCan(actor, "keys:read");
  const [accounts, keys] = await Promise.all([
    db
      .select()
      .from(providerAccounts)
      .where(eq(providerAccounts.orgId, actor.orgId))
      .orderBy(asc(providerAccounts.createdAt), asc(providerAccounts.id)),
    listKeyRows(db, actor.orgId),
  ]);
  return accounts.map((a) => toAccountView(a, keys.filter((k) => k.accountId === a.id).map(toKeyView)));
}
