// Admin list endpoints: projects, project users / service accounts / api keys, admin api keys,
// certificates. Envelope {object:"list", data, first_id, last_id, has_more}; cursor `after` is the
// last id of the previous page; `limit` 1..100, default 20, capped by the emulator's `maxAdminPageSize`
// (so tests can make a short listing span several pages even though the product asks for 100).

import { errors, type EmulatorResponse } from "./http-util";
import type { Organization } from "./types";

function paginatePage<T extends { id: string }>(
  items: T[],
  query: URLSearchParams,
  maxPageSize = 100,
): EmulatorResponse {
  const limitText = query.get("limit");
  const asked = limitText === null ? 20 : Number(limitText);
  if (limitText !== null && (!/^\d+$/.test(limitText) || asked < 1 || asked > 100)) {
    return errors.invalidParam("limit", "Invalid value for 'limit': must be an integer between 1 and 100.");
  }
  const limit = Math.min(asked, maxPageSize);
  const after = query.get("after");
  let startIndex = 0;
  if (after !== null && after !== "") {
    const index = items.findIndex((item) => item.id === after);
    if (index < 0)
      return errors.invalidParam("after", `Invalid value for 'after': no object with id '${after}' in this list.`);
    startIndex = index + 1;
  }
  const data = items.slice(startIndex, startIndex + limit);
  return {
    status: 200,
    body: {
      object: "list",
      data,
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
      has_more: startIndex + limit < items.length,
    },
  };
}

function ordered<T extends { created_at: number }>(
  items: T[],
  query: URLSearchParams,
  defaultOrder: "asc" | "desc",
): T[] | EmulatorResponse {
  const order = query.get("order") ?? defaultOrder;
  if (order !== "asc" && order !== "desc")
    return errors.invalidParam("order", "Invalid value for 'order': expected 'asc' or 'desc'.");
  const sorted = items.slice().sort((a, b) => a.created_at - b.created_at);
  return order === "asc" ? sorted : sorted.reverse();
}

/** Returns null when the path is not an admin list endpoint. `path` is relative to /v1. */
export function handleAdminList(
  path: string,
  query: URLSearchParams,
  org: Organization,
  maxPageSize?: number,
): EmulatorResponse | null {
  const paginate = <T extends { id: string }>(items: T[], q: URLSearchParams) => paginatePage(items, q, maxPageSize);
  if (path === "/organization/projects") {
    const includeArchived = query.get("include_archived") === "true";
    return paginate(
      org.projects.filter((p) => includeArchived || p.status !== "archived"),
      query,
    );
  }
  if (path === "/organization/admin_api_keys") {
    const items = ordered(org.adminApiKeys, query, "asc");
    return Array.isArray(items) ? paginate(items, query) : items;
  }
  if (path === "/organization/certificates") {
    const items = ordered(org.certificates, query, "desc");
    return Array.isArray(items) ? paginate(items, query) : items;
  }
  const match = /^\/organization\/projects\/([^/]+)(?:\/(users|service_accounts|api_keys|certificates))?$/.exec(path);
  if (!match) return null;
  const projectId = decodeURIComponent(match[1]);
  const project = org.projects.find((p) => p.id === projectId);
  if (!project) return errors.noSuchObject("project", projectId);
  const sub = match[2];
  if (sub === undefined) return { status: 200, body: project };
  if (sub === "api_keys") return paginate(org.projectApiKeys.get(projectId) ?? [], query);
  if (sub === "certificates") {
    // A project's certificates are the organization's, as activated for it: the active ones here.
    const items = ordered(
      org.certificates.filter((c) => c.active).map((c) => ({ ...c, object: "organization.project.certificate" })),
      query,
      "desc",
    );
    return Array.isArray(items) ? paginate(items, query) : items;
  }
  if (project.status === "archived") {
    return errors.invalidParam("project_id", `Project ${projectId} is archived.`);
  }
  if (sub === "users") return paginate(org.projectUsers.get(projectId) ?? [], query);
  return paginate(org.serviceAccounts.get(projectId) ?? [], query);
}
