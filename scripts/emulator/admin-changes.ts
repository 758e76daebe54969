// /__emulator/admin/changes: edit an OpenAI organization's admin listings at run time (add, rename,
// remove projects, members, service accounts, project API keys, admin API keys, certificates), and
// put them back as generated with DELETE. The dataset is edited in place, so every listing (and
// /__emulator/credentials) answers from the edited state at once.

import { z } from "zod";
import { errors, type EmulatorResponse } from "./http-util";
import type { EmulatorDataset, Organization } from "./types";

export const ADMIN_KINDS = ["project", "user", "service_account", "api_key", "admin_api_key", "certificate"] as const;
type AdminKind = (typeof ADMIN_KINDS)[number];
const PROJECT_SCOPED = new Set<AdminKind>(["user", "service_account", "api_key"]);

const addSchema = z.object({
  kind: z.enum(ADMIN_KINDS),
  /** default: a new id, e.g. `proj_added3` */
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  /** required for user, service_account and api_key */
  projectId: z.string().min(1).optional(),
  /** certificates: expiry in unix seconds (default a year after now) and whether it is active (default true) */
  expiresAt: z.number().int().positive().optional(),
  active: z.boolean().optional(),
});

export const adminChangesSchema = z.strictObject({
  /** organization id; default: the first organization */
  org: z.string().optional(),
  add: z.array(addSchema).optional(),
  rename: z.array(z.object({ kind: z.enum(ADMIN_KINDS), id: z.string().min(1), name: z.string().min(1) })).optional(),
  remove: z.array(z.object({ kind: z.enum(ADMIN_KINDS), id: z.string().min(1) })).optional(),
});
export type AdminChanges = z.infer<typeof adminChangesSchema>;

type Snapshot = Pick<
  Organization,
  "projects" | "projectUsers" | "serviceAccounts" | "projectApiKeys" | "adminApiKeys" | "certificates"
>;
/** Each edited organization as generated, taken before its first change. */
const originals = new WeakMap<Organization, Snapshot>();
let added = 0;

function snapshot(org: Organization): Snapshot {
  const { projects, projectUsers, serviceAccounts, projectApiKeys, adminApiKeys, certificates } = org;
  return structuredClone({ projects, projectUsers, serviceAccounts, projectApiKeys, adminApiKeys, certificates });
}

/** Every list an object of this kind can sit in (members and keys sit in their project's lists). */
function listsOf(org: Organization, kind: AdminKind): { id: string; name: string | null }[][] {
  if (kind === "project") return [org.projects];
  if (kind === "admin_api_key") return [org.adminApiKeys];
  if (kind === "certificate") return [org.certificates];
  const map =
    kind === "user" ? org.projectUsers : kind === "service_account" ? org.serviceAccounts : org.projectApiKeys;
  return [...map.values()];
}

function addOne(
  org: Organization,
  change: z.infer<typeof addSchema>,
  nowSeconds: number,
): { kind: string; id: string } {
  const prefix = {
    project: "proj",
    user: "user",
    service_account: "svc_acct",
    api_key: "key",
    admin_api_key: "key",
    certificate: "cert",
  }[change.kind];
  const id = change.id ?? `${prefix}_added${++added}`;
  if (listsOf(org, change.kind).some((list) => list.some((o) => o.id === id)))
    throw new Error(`A ${change.kind} with id '${id}' already exists.`);
  const { name } = change;
  if (change.kind === "project") {
    org.projects.push({
      id,
      object: "organization.project",
      name,
      created_at: nowSeconds,
      archived_at: null,
      status: "active",
    });
    for (const map of [org.projectUsers, org.serviceAccounts, org.projectApiKeys]) map.set(id, []);
  } else if (change.kind === "admin_api_key") {
    org.adminApiKeys.push({
      object: "organization.admin_api_key",
      id,
      name,
      redacted_value: `sk-admin****${id.slice(-4)}`,
      created_at: nowSeconds,
      expires_at: null,
      last_used_at: null,
      owner: { type: "user", object: "organization.user", id: "user_added", name: "Added Owner", role: "owner" },
    });
  } else if (change.kind === "certificate") {
    org.certificates.push({
      object: "organization.certificate",
      id,
      name,
      created_at: nowSeconds,
      certificate_details: { valid_at: nowSeconds, expires_at: change.expiresAt ?? nowSeconds + 365 * 86_400 },
      active: change.active ?? true,
    });
  } else {
    const projectId = change.projectId;
    if (!projectId) throw new Error(`Adding a ${change.kind} needs a projectId.`);
    if (!org.projects.some((p) => p.id === projectId)) throw new Error(`Unknown project '${projectId}'.`);
    const at = <T>(map: Map<string, T[]>) => {
      const list = map.get(projectId) ?? [];
      map.set(projectId, list);
      return list;
    };
    if (change.kind === "user")
      at(org.projectUsers).push({
        object: "organization.project.user",
        id,
        name,
        email: null,
        role: "member",
        added_at: nowSeconds,
      });
    else if (change.kind === "service_account")
      at(org.serviceAccounts).push({
        object: "organization.project.service_account",
        id,
        name,
        role: "member",
        created_at: nowSeconds,
      });
    else
      at(org.projectApiKeys).push({
        object: "organization.project.api_key",
        id,
        name,
        redacted_value: `sk-proj-****${id.slice(-4)}`,
        created_at: nowSeconds,
        last_used_at: null,
        owner_project_access: "active",
        owner: {
          type: "service_account",
          service_account: { id: "svc_acct_added", name, created_at: nowSeconds, role: "member" },
        },
      });
  }
  return { kind: change.kind, id };
}

function apply(org: Organization, changes: AdminChanges, nowSeconds: number) {
  const missing = (kind: string, id: string) => new Error(`No ${kind} with id '${id}'.`);
  const created = (changes.add ?? []).map((change) => addOne(org, change, nowSeconds));
  for (const { kind, id, name } of changes.rename ?? []) {
    // A person is a member of several projects: renamed in every one.
    const found = listsOf(org, kind).flatMap((list) => list.filter((o) => o.id === id));
    if (found.length === 0) throw missing(kind, id);
    for (const object of found) object.name = name;
  }
  for (const { kind, id } of changes.remove ?? []) {
    let removed = 0;
    for (const list of listsOf(org, kind)) {
      const index = list.findIndex((o) => o.id === id);
      if (index >= 0) removed += list.splice(index, 1).length;
    }
    if (removed === 0) throw missing(kind, id);
    if (kind === "project")
      for (const map of [org.projectUsers, org.serviceAccounts, org.projectApiKeys]) map.delete(id);
  }
  return created;
}

export function handleAdminChanges(
  method: string,
  body: unknown,
  query: URLSearchParams,
  dataset: EmulatorDataset,
  nowSeconds: number,
): EmulatorResponse {
  if (method === "DELETE") {
    const orgId = query.get("org");
    const orgs = orgId ? dataset.organizations.filter((o) => o.id === orgId) : dataset.organizations;
    for (const org of orgs) {
      const original = originals.get(org);
      if (original) Object.assign(org, structuredClone(original));
    }
    return { status: 200, body: { ok: true } };
  }
  if (method !== "POST") return errors.notFound(method, "/__emulator/admin/changes");
  const parsed = adminChangesSchema.safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return errors.invalidParam("body", `Invalid admin changes: ${detail}`);
  }
  const changes = parsed.data;
  const org = changes.org ? dataset.organizations.find((o) => o.id === changes.org) : dataset.organizations[0];
  if (!org) return errors.invalidParam("org", `Unknown organization '${changes.org ?? "(dataset has none)"}'.`);
  for (const change of changes.add ?? [])
    if (PROJECT_SCOPED.has(change.kind) && !change.projectId)
      return errors.invalidParam("add", `Adding a ${change.kind} needs a projectId.`);
  if (!originals.has(org)) originals.set(org, snapshot(org));
  // All or nothing: a change that fails leaves the listings as they were.
  const before = snapshot(org);
  try {
    return { status: 200, body: { ok: true, added: apply(org, changes, nowSeconds) } };
  } catch (error) {
    Object.assign(org, before);
    return errors.invalidParam("body", (error as Error).message);
  }
}
