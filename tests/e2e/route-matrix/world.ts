/**
 * What the route matrix runs against: a built app with organization A (an owner, an admin and a
 * viewer acting in it), the owner of another organization B, and a way to make fresh objects in
 * A. Local mode (session cookies, members seeded) and Clerk mode (minted session tokens, roles
 * from the token) each build one; the table and the runner do not know which.
 */
import type { Role } from "@/lib/orgs/roles";
import type { Caller } from "./http";

export type Mode = "local" | "clerk";

export interface World {
  mode: Mode;
  baseUrl: string;
  /** Organization A, whose objects every case targets. */
  orgA: { id: string; name: string };
  anonymous: Caller;
  /** Members of A with each role, acting in A. */
  members: Record<Role, Caller>;
  /** The owner of organization B (full rights there), acting in B. */
  outsider: Caller;
  /** Callers with forged or tampered credentials (a cookie with an extra segment, a token signed by someone else). */
  forged: Caller[];
  /** An API token of A with every scope whose expiry has passed. */
  expiredToken: string;
  cronSecret: string;
  /** METRICS_TOKEN of the app, for GET /api/metrics. */
  metricsToken: string;
  /** A UTC day the emulator has usage for, and a key it accepts (standard, project-scoped). */
  usageDay: string;
  standardKey: string;
  fixtures: Fixtures;
}

export interface Fixtures {
  /** A new standard key in A (its own provider account), made by A's owner. */
  key(): Promise<{ id: string; label: string; accountId: string; accountLabel: string }>;
  /** A new email notification channel in A (no network on "Send test": SMTP is not set), made by A's owner. */
  channel(): Promise<{ id: string; name: string }>;
  /** A new viewer of A who is nobody else in the matrix. */
  member(): Promise<{ userId: string }>;
  /** A new team organization owned by A's owner. */
  teamOrg(): Promise<{ id: string; name: string }>;
  /** Credentials that sign in (local mode), or null when sign-in is Clerk's. */
  signIn(): { email: string; password: string } | null;
  /** A viewer of A who is nobody else in the matrix, signed in: for a case that ends every session. */
  spareSession(): Promise<Caller>;
  /** A pending invitation into A, or null where A cannot hold one (a Clerk organization). */
  invitation(): Promise<{ id: string } | null>;
  /** The link token of an invitation, for the email of A's member with this role, into a new team organization. */
  invitationToken(role: Role): Promise<string>;
  /** A new budget of A, made by A's owner. */
  budget(): Promise<{ id: string }>;
  /** A new price override in A (for a model no usage has), made by A's owner. */
  priceOverride(): Promise<{ id: string; model: string }>;
}

/** A's owner invites someone into A; the id of the pending invitation. */
export async function createInvitationIn(owner: Caller, email: string): Promise<{ id: string; token: string }> {
  const res = await owner.request("POST", "/api/invitations", { body: { email, role: "viewer" } });
  if (res.status !== 201) throw new Error(`fixture invitation: ${res.status} ${res.text}`);
  const url = String(res.body.invitation.url);
  return { id: res.body.invitation.id, token: decodeURIComponent(url.slice(url.lastIndexOf("/invite/") + 8)) };
}

/** An invitation for `email` into a new team organization of A's owner: its link token. */
export async function invitationTokenFor(owner: Caller, email: string): Promise<string> {
  const team = await createTeamOrg(owner, `Invited team ${Math.random().toString(36).slice(2, 8)}`);
  const res = await owner.request("POST", "/api/invitations", { body: { email, role: "viewer" }, orgId: team.id });
  if (res.status !== 201) throw new Error(`fixture invitation: ${res.status} ${res.text}`);
  const url = String(res.body.invitation.url);
  return decodeURIComponent(url.slice(url.lastIndexOf("/invite/") + 8));
}

/** Makes a standard key in A through the API, as its owner. */
export async function createKeyIn(
  owner: Caller,
  apiKey: string,
  label: string,
): Promise<{ id: string; label: string; accountId: string; accountLabel: string }> {
  const res = await owner.request("POST", "/api/keys", {
    body: { provider: "openai", label, usageMode: "standard", apiKey },
  });
  if (res.status !== 201) throw new Error(`fixture key: ${res.status} ${res.text}`);
  return {
    id: res.body.key.id,
    label: res.body.key.label,
    accountId: res.body.account.id,
    accountLabel: res.body.account.label,
  };
}

export async function createTeamOrg(owner: Caller, name: string): Promise<{ id: string; name: string }> {
  const res = await owner.request("POST", "/api/orgs", { body: { name }, orgId: null });
  if (res.status !== 201) throw new Error(`fixture organization: ${res.status} ${res.text}`);
  return { id: res.body.organization.id, name: res.body.organization.name };
}

/** Makes an email notification channel in A through the API, as its owner. */
export async function createChannelIn(owner: Caller, name: string): Promise<{ id: string; name: string }> {
  const res = await owner.request("POST", "/api/channels", {
    body: { type: "email", name, email: "alerts@matrix.example" },
  });
  if (res.status !== 201) throw new Error(`fixture channel: ${res.status} ${res.text}`);
  return { id: res.body.channel.id, name: res.body.channel.name };
}

/** Makes a budget in A through the API, as its owner. */
export async function createBudgetIn(owner: Caller, name: string): Promise<{ id: string }> {
  const res = await owner.request("POST", "/api/budgets", { body: { name, amountUsd: "100" } });
  if (res.status !== 201) throw new Error(`fixture budget: ${res.status} ${res.text}`);
  return { id: res.body.budget.id };
}

/** A's owner adds a price override for a made-up model (nothing to re-price). */
export async function createPriceOverrideIn(owner: Caller): Promise<{ id: string; model: string }> {
  const model = `matrix-model-${Math.random().toString(36).slice(2, 8)}`;
  const res = await owner.request("POST", "/api/prices/overrides", {
    body: { provider: "openai", model, effectiveFrom: "2025-01-01", inputPerMTok: "1", outputPerMTok: "2" },
  });
  if (res.status !== 201) throw new Error(`fixture price override: ${res.status} ${res.text}`);
  return { id: res.body.override.id, model };
}
