/** One AlertMessage in each channel's shape: the webhook's JSON, Slack's text + blocks, an email. */
import type { AlertMessage } from "./contract";

export interface WebhookEnvelope {
  /** The same for every retry of one delivery: receivers can drop duplicates by it. */
  id: string;
  kind: AlertMessage["kind"];
  title: string;
  text: string;
  url: string | null;
  facts: Record<string, string>;
  /** When the alert was raised (ISO 8601, UTC). */
  createdAt: string;
}

export function webhookBody(deliveryId: string, message: AlertMessage, createdAt: Date): string {
  const envelope: WebhookEnvelope = {
    id: deliveryId,
    kind: message.kind,
    title: message.title,
    text: message.text,
    url: message.url ?? null,
    facts: message.facts,
    createdAt: createdAt.toISOString(),
  };
  return JSON.stringify(envelope);
}

/** Slack mrkdwn treats &, < and > as markup. */
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackBody(message: AlertMessage): string {
  const facts = Object.entries(message.facts).slice(0, 10);
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: message.title.slice(0, 150) } },
    { type: "section", text: { type: "mrkdwn", text: slackEscape(message.text).slice(0, 3000) } },
  ];
  if (facts.length > 0) {
    blocks.push({
      type: "section",
      fields: facts.map(([k, v]) => ({ type: "mrkdwn", text: `*${slackEscape(k)}*\n${slackEscape(v)}` })),
    });
  }
  if (message.url) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `<${message.url}|Open in CogniTrack>` } });
  }
  return JSON.stringify({ text: `${message.title}\n${message.text}`, blocks });
}

export function emailText(message: AlertMessage): string {
  const facts = Object.entries(message.facts);
  const width = Math.max(0, ...facts.map(([k]) => k.length));
  return [
    message.text,
    ...(facts.length ? ["", ...facts.map(([k, v]) => `${k.padEnd(width)}  ${v}`)] : []),
    ...(message.url ? ["", `Open in CogniTrack: ${message.url}`] : []),
    "",
    "You get this because this address is a notification channel of your CogniTrack organization.",
  ].join("\n");
}
