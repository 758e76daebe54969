/** Rows for usage (the only routes API tokens may call), the audit log and the server actions. */
import { usageExportQuerySchema, usageQuerySchema } from "@/lib/analytics";
import { auditExportQuerySchema, auditQuerySchema } from "@/lib/orgs/audit-filters";
import { createOrgSchema, switchOrgSchema } from "@/lib/orgs/schemas";
import { parityQuerySchema } from "@/lib/usage/parity-schemas";
import { ingestRequestSchema } from "@/lib/usage/schemas";
import { day, unique, type BadInput, type MatrixRow } from "../types";

const query = (path: string, why: string, q: string): BadInput => ({
  why,
  status: 400,
  target: async () => ({ path: `${path}?${q}` }),
});
const CLERK_SWITCH = "the active organization is Clerk's: switching here is a 409";

export const USAGE_ROWS: MatrixRow[] = [
  {
    kind: "route",
    method: "GET",
    route: "/api/usage",
    access: "usage:read",
    tokenScope: "usage:read",
    ok: 200,
    target: async (w) => ({ path: `/api/usage?${day(w)}` }),
    input: { query: usageQuerySchema },
    badInput: [
      query("/api/usage", "an impossible date", "start=2026-02-30"),
      query("/api/usage", "a view that does not exist", "view=everything"),
      query("/api/usage", "a negative limit", "limit=-1&view=breakdown&dimension=model"),
      query("/api/usage", "a parameter the API does not take", "unknown=1"),
      query("/api/usage", "year 10000", "start=9999-12-01&end=9999-12-31"),
    ],
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/usage/export",
    access: "usage:export",
    tokenScope: "usage:read",
    ok: 200,
    target: async (w) => ({ path: `/api/usage/export?${day(w)}` }),
    input: { query: usageExportQuerySchema },
    badInput: [
      query("/api/usage/export", "an impossible month", "start=2026-13-01"),
      query("/api/usage/export", "a view-only parameter", "view=totals"),
      query("/api/usage/export", "a NUL byte in a filter", "model=%00"),
    ],
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/usage/parity",
    access: "usage:read",
    tokenScope: "usage:read",
    ok: 200,
    target: async (w) => ({ path: `/api/usage/parity?${day(w)}` }),
    input: { query: parityQuerySchema },
    badInput: [
      query("/api/usage/parity", "no window", "provider=openai"),
      query(
        "/api/usage/parity",
        "a provider CogniTrack does not read",
        "start=2026-03-01&end=2026-03-01&provider=gemini",
      ),
      query("/api/usage/parity", "a grain that does not exist", "start=2026-03-01&end=2026-03-01&grain=hourly"),
      query("/api/usage/parity", "an end before the start", "start=2026-03-10&end=2026-03-01"),
    ],
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/usage",
    access: "ingest:write",
    tokenScope: "ingest:write",
    ok: 200,
    slow: true,
    target: async (w) => ({ body: { start: w.usageDay, end: w.usageDay } }),
    input: { body: ingestRequestSchema },
    badInput: [
      { why: "a word for a date", status: 400, target: async () => ({ body: { start: "yesterday" } }) },
      {
        why: "an end before the start",
        status: 400,
        target: async () => ({ body: { start: "2026-03-10", end: "2026-03-01" } }),
      },
    ],
  },

  // Audit log
  {
    kind: "route",
    method: "GET",
    route: "/api/audit",
    access: "audit:read",
    ok: 200,
    target: async () => ({}),
    input: { query: auditQuerySchema },
    badInput: [
      query("/api/audit", "an impossible month", "start=2026-13-01"),
      query("/api/audit", "an action that does not exist", "action=everything"),
      query("/api/audit", "a parameter the API does not take", "unknown=1"),
    ],
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/audit/export",
    access: "audit:read",
    ok: 200,
    target: async () => ({ path: "/api/audit/export?action=key.create" }),
    input: { query: auditExportQuerySchema },
    badInput: [
      query("/api/audit/export", "a page size (listing only)", "limit=5"),
      query("/api/audit/export", "an end before the start", "start=2026-03-10&end=2026-03-01"),
    ],
  },

  // Server actions
  {
    kind: "action",
    method: "POST",
    route: "src/app/actions/refresh.ts#refreshUsageAction",
    access: "ingest:write",
    ok: 200,
    slow: true,
    target: async (w) => ({ args: [{ start: w.usageDay, end: w.usageDay }] }),
    input: { args: ingestRequestSchema },
    badInput: [
      { why: "a word for a date", status: 400, target: async () => ({ args: [{ start: "yesterday" }] }) },
      { why: "an unknown field", status: 400, target: async () => ({ args: [{ start: "2026-01-01", extra: 1 }] }) },
      { why: "a number for the window", status: 400, target: async () => ({ args: [42] }) },
    ],
  },
  {
    kind: "action",
    method: "POST",
    route: "src/app/actions/orgs.ts#switchOrganizationAction",
    access: "member",
    object: "organization",
    ok: 200,
    target: async (w) => ({ form: { orgId: w.orgA.id } }),
    input: { form: switchOrgSchema },
    badInput: [
      { why: "an id that is not one", status: 400, target: async () => ({ form: { orgId: "not-an-id" } }) },
      { why: "plain arguments, not a form", status: 400, target: async () => ({ args: [null, { orgId: "x" }] }) },
    ],
    modes: { clerk: { ok: 409, foreignObject: 409, skipBadInput: true, why: CLERK_SWITCH } },
  },
  {
    kind: "action",
    method: "POST",
    route: "src/app/actions/orgs.ts#createOrganizationAction",
    access: "member",
    // Success redirects to the new organization's Keys page.
    ok: 303,
    target: async () => ({ form: { name: unique("Action team") } }),
    input: { form: createOrgSchema },
    badInput: [
      { why: "an empty name", status: 400, target: async () => ({ form: { name: "" } }) },
      { why: "plain arguments, not a form", status: 400, target: async () => ({ args: [null, 42] }) },
    ],
    modes: { clerk: { ok: 409, why: `it creates the organization, then ${CLERK_SWITCH}` } },
  },
];
