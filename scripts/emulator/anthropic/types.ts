// Shapes of the emulated Anthropic organization. Entities are stored in the exact JSON shape the
// Admin API list endpoints return, so the routes only slice and wrap them.

/** One usage row at the finest grain (grouped by every group_by field the report offers). */
export interface AnthropicUsageRow {
  api_key_id: string | null;
  /** null = the default workspace */
  workspace_id: string | null;
  model: string;
  service_tier: "standard" | "batch" | "priority";
  context_window: "0-200k" | "200k-1M";
  inference_geo: "global" | "us";
  uncached_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_5m_input_tokens: number;
  cache_creation_1h_input_tokens: number;
  output_tokens: number;
  web_search_requests: number;
}

export interface WorkspaceObject {
  id: string;
  type: "workspace";
  name: string;
  created_at: string;
  archived_at: string | null;
  display_color: string;
}

export interface AnthropicApiKeyObject {
  id: string;
  type: "api_key";
  name: string;
  /** null = the default workspace */
  workspace_id: string | null;
  created_at: string;
  created_by: { id: string; type: "user" };
  partial_key_hint: string;
  status: "active" | "inactive" | "archived";
}

export interface AnthropicUserObject {
  id: string;
  type: "user";
  email: string;
  name: string;
  role: "user" | "developer" | "billing" | "admin";
  added_at: string;
}

export interface AnthropicOrganization {
  id: string;
  name: string;
  workspaces: WorkspaceObject[];
  apiKeys: AnthropicApiKeyObject[];
  users: AnthropicUserObject[];
}

/** An x-api-key the emulator accepts on the Anthropic routes. Only admin keys may read reports. */
export interface AnthropicCredential {
  key: string;
  kind: "admin" | "standard";
  orgId: string;
}

export interface AnthropicDataset {
  organizations: AnthropicOrganization[];
  credentials: AnthropicCredential[];
  /** Finest-grain usage of one UTC day, for one organization or all of them. Treat as read-only. */
  dayUsage(dayStartUnix: number, orgId?: string): AnthropicUsageRow[];
}
