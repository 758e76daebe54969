// Admin lists: /v1/organizations/workspaces, /api_keys, /users. Envelope {data, has_more,
// first_id, last_id}; cursors `after_id` / `before_id`; `limit` 1..1000, default 20, capped by the
// emulator's `maxAdminPageSize` (so a short listing can span several pages).

import type { EmulatorResponse } from "../http-util";
import { anthropicErrors } from "./http";
import type { AnthropicOrganization } from "./types";

function paginate<T extends { id: string }>(items: T[], query: URLSearchParams, maxPageSize = 1000): EmulatorResponse {
  const limitText = query.get("limit");
  const asked = limitText === null ? 20 : Number(limitText);
  if (limitText !== null && (!/^\d+$/.test(limitText) || asked < 1 || asked > 1000)) {
    return anthropicErrors.invalidParam("limit: must be an integer between 1 and 1000");
  }
  const limit = Math.min(asked, maxPageSize);
  const after = query.get("after_id");
  const before = query.get("before_id");
  let start = 0;
  let end = items.length;
  if (after) {
    const index = items.findIndex((i) => i.id === after);
    if (index < 0) return anthropicErrors.invalidParam(`after_id: no object with id '${after}' in this list`);
    start = index + 1;
  } else if (before) {
    const index = items.findIndex((i) => i.id === before);
    if (index < 0) return anthropicErrors.invalidParam(`before_id: no object with id '${before}' in this list`);
    end = index;
    start = Math.max(0, end - limit);
  }
  const data = items.slice(start, Math.min(end, start + limit));
  const hasMore = before ? start > 0 : start + limit < end;
  return {
    status: 200,
    body: { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null },
  };
}

/** Returns null when the path is not one of the lists. `path` is the full path (/v1/organizations/...). */
export function handleAnthropicList(
  path: string,
  query: URLSearchParams,
  org: AnthropicOrganization,
  maxPageSize?: number,
): EmulatorResponse | null {
  if (path === "/v1/organizations/workspaces") {
    const includeArchived = query.get("include_archived") === "true";
    return paginate(
      org.workspaces.filter((w) => includeArchived || w.archived_at === null),
      query,
      maxPageSize,
    );
  }
  if (path === "/v1/organizations/api_keys") {
    const status = query.get("status");
    const workspace = query.get("workspace_id");
    return paginate(
      org.apiKeys.filter((k) => (!status || k.status === status) && (!workspace || k.workspace_id === workspace)),
      query,
      maxPageSize,
    );
  }
  if (path === "/v1/organizations/users") {
    const email = query.get("email");
    return paginate(
      org.users.filter((u) => !email || u.email === email),
      query,
      maxPageSize,
    );
  }
  return null;
}
