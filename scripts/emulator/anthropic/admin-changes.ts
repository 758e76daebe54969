// /__emulator/anthropic/admin/changes: edit an Anthropic organization's admin listings at run time
// (add, rename, remove workspaces, API keys, users); DELETE puts them back as generated. Same body
// shape as the OpenAI control (../admin-changes.ts), with Anthropic's kinds.

import { z } from "zod";
import { errors, type EmulatorResponse } from "../http-util";
import type { AnthropicDataset, AnthropicOrganization } from "./types";

const KINDS = ["workspace", "api_key", "user"] as const;
type Kind = (typeof KINDS)[number];

const schema = z.strictObject({
  /** organization id; default: the first Anthropic organization */
  org: z.string().optional(),
  add: z
    .array(
      z.object({
        kind: z.enum(KINDS),
        id: z.string().min(1).optional(),
        name: z.string().min(1),
        /** api_key: its workspace (default: the default workspace) */
        workspaceId: z.string().min(1).optional(),
      }),
    )
    .optional(),
  rename: z.array(z.object({ kind: z.enum(KINDS), id: z.string().min(1), name: z.string().min(1) })).optional(),
  remove: z.array(z.object({ kind: z.enum(KINDS), id: z.string().min(1) })).optional(),
});
type Changes = z.infer<typeof schema>;
type Lists = Pick<AnthropicOrganization, "workspaces" | "apiKeys" | "users">;

const originals = new WeakMap<AnthropicOrganization, Lists>();
let added = 0;

const lists = (org: AnthropicOrganization): Lists =>
  structuredClone({ workspaces: org.workspaces, apiKeys: org.apiKeys, users: org.users });
const listOf = (org: AnthropicOrganization, kind: Kind): { id: string; name: string }[] =>
  kind === "workspace" ? org.workspaces : kind === "api_key" ? org.apiKeys : org.users;

function apply(org: AnthropicOrganization, changes: Changes, now: string) {
  const created = (changes.add ?? []).map(({ kind, id: givenId, name, workspaceId }) => {
    const id = givenId ?? `${{ workspace: "wrkspc", api_key: "apikey", user: "user" }[kind]}_added${++added}`;
    if (listOf(org, kind).some((o) => o.id === id)) throw new Error(`A ${kind} with id '${id}' already exists.`);
    if (kind === "workspace")
      org.workspaces.push({
        id,
        type: "workspace",
        name,
        created_at: now,
        archived_at: null,
        display_color: "#6C5BB9",
      });
    else if (kind === "user")
      org.users.push({ id, type: "user", name, email: `${id}@example.com`, role: "developer", added_at: now });
    else {
      if (workspaceId && !org.workspaces.some((w) => w.id === workspaceId))
        throw new Error(`Unknown workspace '${workspaceId}'.`);
      org.apiKeys.push({
        id,
        type: "api_key",
        name,
        workspace_id: workspaceId ?? null,
        created_at: now,
        created_by: { id: org.users[0]?.id ?? "user_added", type: "user" },
        partial_key_hint: `sk-ant-api03-...${id.slice(-4)}`,
        status: "active",
      });
    }
    return { kind, id };
  });
  for (const { kind, id, name } of changes.rename ?? []) {
    const object = listOf(org, kind).find((o) => o.id === id);
    if (!object) throw new Error(`No ${kind} with id '${id}'.`);
    object.name = name;
  }
  for (const { kind, id } of changes.remove ?? []) {
    const list = listOf(org, kind);
    const index = list.findIndex((o) => o.id === id);
    if (index < 0) throw new Error(`No ${kind} with id '${id}'.`);
    list.splice(index, 1);
  }
  return created;
}

export function handleAnthropicAdminChanges(
  method: string,
  body: unknown,
  query: URLSearchParams,
  dataset: AnthropicDataset | undefined,
): EmulatorResponse {
  const orgs = dataset?.organizations ?? [];
  if (method === "DELETE") {
    for (const org of orgs.filter((o) => !query.get("org") || o.id === query.get("org"))) {
      const original = originals.get(org);
      if (original) Object.assign(org, structuredClone(original));
    }
    return { status: 200, body: { ok: true } };
  }
  if (method !== "POST") return errors.notFound(method, "/__emulator/anthropic/admin/changes");
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return errors.invalidParam("body", `Invalid admin changes: ${detail}`);
  }
  const org = parsed.data.org ? orgs.find((o) => o.id === parsed.data.org) : orgs[0];
  if (!org) return errors.invalidParam("org", `Unknown Anthropic organization '${parsed.data.org ?? "(none)"}'.`);
  if (!originals.has(org)) originals.set(org, lists(org));
  // All or nothing: a change that fails leaves the listings as they were.
  const before = lists(org);
  try {
    return { status: 200, body: { ok: true, added: apply(org, parsed.data, new Date().toISOString()) } };
  } catch (error) {
    Object.assign(org, before);
    return errors.invalidParam("body", (error as Error).message);
  }
}
