/**
 * The provider certificates (OpenAI mTLS certificates) the admin metadata sync stored, with how long
 * each stays valid: the Keys page lists them and an expiring one raises an alert.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import { providerAccounts, providerCatalog } from "@/db/schema";
import type { Db } from "@/db/types";
import { DAY_MS } from "@/lib/dates";
import type { AlertMessage } from "@/lib/notifications";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";

/** A certificate expiring within this many days is flagged and alerted on. */
export const CERTIFICATE_WARNING_DAYS = 30;

export interface CertificateView {
  accountId: string;
  accountLabel: string;
  id: string;
  name: string;
  active: boolean | null;
  expiresAt: string | null;
  /** Whole days until expiry (negative once expired); null when the provider gave no expiry. */
  daysLeft: number | null;
  expiringSoon: boolean;
}

async function certificateRows(db: Db, orgId: string) {
  return db
    .select({
      accountId: providerCatalog.accountId,
      accountLabel: providerAccounts.label,
      id: providerCatalog.externalId,
      name: providerCatalog.name,
      details: providerCatalog.details,
      expiresAt: providerCatalog.expiresAt,
    })
    .from(providerCatalog)
    .innerJoin(providerAccounts, eq(providerAccounts.id, providerCatalog.accountId))
    .where(
      and(eq(providerCatalog.orgId, orgId), eq(providerCatalog.kind, "certificate"), isNull(providerCatalog.deletedAt)),
    )
    .orderBy(asc(providerCatalog.expiresAt), asc(providerCatalog.name));
}

function toView(row: Awaited<ReturnType<typeof certificateRows>>[number], now: number): CertificateView {
  const daysLeft = row.expiresAt ? Math.floor((row.expiresAt.getTime() - now) / DAY_MS) : null;
  const active = (row.details as { active?: boolean | null } | null)?.active ?? null;
  return {
    accountId: row.accountId,
    accountLabel: row.accountLabel,
    id: row.id,
    name: row.name,
    active,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    daysLeft,
    expiringSoon: daysLeft !== null && daysLeft <= CERTIFICATE_WARNING_DAYS,
  };
}

export async function listCertificates(db: Db, actor: ActingAs, now = Date.now()): Promise<CertificateView[]> {
  assertCan(actor, "keys:read");
  return (await certificateRows(db, actor.orgId)).map((r) => toView(r, now));
}

/**
 * One alert per active certificate expiring within CERTIFICATE_WARNING_DAYS, keyed by certificate
 * and expiry date, so each expiry is announced once (a renewed certificate has a new expiry).
 */
export async function expiringCertificateAlerts(
  db: Db,
  orgId: string,
  now = Date.now(),
): Promise<{ idempotencyKey: string; message: AlertMessage }[]> {
  const views = (await certificateRows(db, orgId)).map((r) => toView(r, now));
  return views
    .filter((c) => c.expiringSoon && c.active !== false && c.daysLeft !== null && c.daysLeft >= 0)
    .map((c) => ({
      idempotencyKey: `certificate:${c.accountId}:${c.id}:${c.expiresAt!.slice(0, 10)}`,
      message: {
        kind: "certificate_expiry" as const,
        title: `Certificate "${c.name}" expires in ${c.daysLeft} day${c.daysLeft === 1 ? "" : "s"}`,
        text: `The ${c.accountLabel} certificate "${c.name}" stops being valid on ${c.expiresAt!.slice(0, 10)} (UTC). Upload a new one at the provider before then.`,
        facts: { Account: c.accountLabel, Certificate: c.name, Expires: c.expiresAt!.slice(0, 10) },
      },
    }));
}

/** Certificates expiring within the warning window, for the metrics gauge. */
export async function countExpiringCertificates(db: Db, now = Date.now()): Promise<number> {
  const rows = await db
    .select({ expiresAt: providerCatalog.expiresAt, details: providerCatalog.details })
    .from(providerCatalog)
    .where(and(eq(providerCatalog.kind, "certificate"), isNull(providerCatalog.deletedAt)));
  return rows.filter((r) => {
    if (!r.expiresAt || (r.details as { active?: boolean } | null)?.active === false) return false;
    const days = (r.expiresAt.getTime() - now) / DAY_MS;
    return days >= 0 && days <= CERTIFICATE_WARNING_DAYS;
  }).length;
}
