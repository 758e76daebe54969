import type { ChannelRow } from "../send";

/** What leaves the server about a channel: never the signing secret (only once, at creation). */
export interface ChannelView {
  id: string;
  type: ChannelRow["type"];
  name: string;
  /** Webhook: the URL. Slack: masked, since a Slack webhook URL is itself a credential. */
  url: string | null;
  email: string | null;
  hasSigningSecret: boolean;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `https://hooks.slack.com/services/…/abcd`: enough to recognise the hook, not to post to it. */
export function maskSlackUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}/…${raw.slice(-4)}`;
  } catch {
    return "…";
  }
}

export function toChannelView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    url: row.url === null ? null : row.type === "slack" ? maskSlackUrl(row.url) : row.url,
    email: row.email,
    hasSigningSecret: row.secretCiphertext !== null,
    enabled: row.disabledAt === null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
