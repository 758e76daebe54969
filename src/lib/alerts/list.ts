import { and, desc, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import { alerts } from "@/db/schema";
import type { Db } from "@/db/types";
import { addDays, dayStartIso, daysInRange, productDate, todayUtc } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { deliveryStatusByKey, type DeliveryStatus } from "@/lib/notifications";
import { parseOrThrow } from "@/lib/validation";

export const MAX_ALERT_RANGE_DAYS = 366;
export const MAX_ALERTS_LISTED = 500;

export const alertsQuerySchema = z
  .strictObject({ start: productDate("start").optional(), end: productDate("end").optional() })
  .superRefine((v, ctx) => {
    if (v.start && v.end) {
      const days = daysInRange(v.start, v.end);
      if (days < 1) ctx.addIssue({ code: "custom", path: ["end"], message: "end must not be before start" });
      else if (days > MAX_ALERT_RANGE_DAYS)
        ctx.addIssue({
          code: "custom",
          path: ["end"],
          message: `the range may span at most ${MAX_ALERT_RANGE_DAYS} days`,
        });
    }
  });

export interface AlertView {
  id: string;
  kind: string;
  budgetId: string | null;
  period: string;
  title: string;
  text: string;
  facts: Record<string, string>;
  amountUsd: string;
  limitUsd: string;
  firedAt: string;
  /** Per-channel delivery status from the outbox; empty when the alert had no channel to go to. */
  deliveries: {
    channelId: string;
    channelName: string;
    status: DeliveryStatus;
    attempts: number;
    lastError: string | null;
    sentAt: string | null;
  }[];
}

/** Alerts fired between start and end (UTC days, inclusive; default the last 30 days), newest first. */
export async function listAlerts(
  db: Db,
  actor: ActingAs,
  query: { start?: string; end?: string },
  now: Date = new Date(),
): Promise<{ range: { start: string; end: string }; alerts: AlertView[] }> {
  assertCan(actor, "budgets:read");
  const q = parseOrThrow(alertsQuerySchema, query, "query");
  const end = q.end ?? todayUtc(now);
  const start = q.start ?? addDays(end, -29);
  if (daysInRange(start, end) < 1)
    throw new AppError("VALIDATION_FAILED", "Invalid query: end must not be before start.");
  const rows = await db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.orgId, actor.orgId),
        gte(alerts.firedAt, new Date(dayStartIso(start))),
        lt(alerts.firedAt, new Date(dayStartIso(addDays(end, 1)))),
      ),
    )
    .orderBy(desc(alerts.firedAt), desc(alerts.id))
    .limit(MAX_ALERTS_LISTED);
  const delivery = await deliveryStatusByKey(
    db,
    actor.orgId,
    rows.map((r) => r.idempotencyKey),
  );
  return {
    range: { start, end },
    alerts: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      budgetId: r.budgetId,
      period: r.period,
      title: r.title,
      text: r.text,
      facts: r.facts,
      amountUsd: r.amountUsd,
      limitUsd: r.limitUsd,
      firedAt: r.firedAt.toISOString(),
      deliveries: delivery[r.idempotencyKey]?.channels ?? [],
    })),
  };
}
