/**
 * What the alerting side (budgets, anomalies, certificates) hands to the delivery side (channels
 * and the outbox). Alert evaluation never sends anything itself: it records the alert once under
 * its idempotency key and enqueues one message per channel, so a slow or failing receiver can
 * never block ingestion.
 */
export type AlertKind = "budget_threshold" | "anomaly" | "certificate_expiry" | "test";

export interface AlertMessage {
  kind: AlertKind;
  /** One line, e.g. "Budget 'OpenAI prod' passed 80% of $500.00". */
  title: string;
  /** A few plain sentences. */
  text: string;
  /** Absolute link into the app, when there is a page to open. */
  url?: string;
  /** Short label -> value pairs shown as a table (email) or fields (Slack). */
  facts: Record<string, string>;
}

export interface EnqueueAlertInput {
  orgId: string;
  channelIds: string[];
  /** Unique per alert occurrence, e.g. `budget:<id>:2026-12:80:actual`: a second enqueue is a no-op. */
  idempotencyKey: string;
  message: AlertMessage;
}

export type DeliveryStatus = "pending" | "sent" | "failed" | "dead";
