/** Rows for price overrides and unpriced models (issue 11, computed cost). */
import {
  createPriceOverrideSchema,
  listPricesQuerySchema,
  priceOverrideIdSchema,
  resetPricesSchema,
  updatePriceOverrideSchema,
} from "@/lib/pricing/overrides/schemas";
import { unpricedQuerySchema } from "@/lib/pricing/unpriced";
import { badIds, day, type BadInput, type MatrixRow } from "../types";
import type { World } from "../world";

const newPrice = () => ({
  provider: "openai",
  model: `matrix-model-${Math.random().toString(36).slice(2, 8)}`,
  effectiveFrom: "2025-01-01",
  inputPerMTok: "1.25",
  outputPerMTok: "10",
});
const pricePath = async (w: World) => `/api/prices/overrides/${(await w.fixtures.priceOverride()).id}`;
const body = (why: string, b: unknown): BadInput => ({ why, status: 400, target: async () => ({ body: b }) });
const query = (path: string, why: string, q: string): BadInput => ({
  why,
  status: 400,
  target: async () => ({ path: `${path}?${q}` }),
});

export const PRICE_ROWS: MatrixRow[] = [
  {
    kind: "route",
    method: "GET",
    route: "/api/prices",
    access: "usage:read",
    ok: 200,
    target: async () => ({ path: "/api/prices" }),
    input: { query: listPricesQuerySchema },
    badInput: [
      query("/api/prices", "a provider that does not exist", "provider=acme"),
      query("/api/prices", "a parameter the API does not take", "unknown=1"),
      query("/api/prices", "a NUL byte in the model", "model=%00"),
    ],
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/prices/overrides",
    access: "usage:read",
    ok: 200,
    target: async () => ({ path: "/api/prices/overrides?provider=openai" }),
    input: { query: listPricesQuerySchema },
    badInput: [
      query("/api/prices/overrides", "a provider that does not exist", "provider=acme"),
      query("/api/prices/overrides", "a parameter the API does not take", "unknown=1"),
      query("/api/prices/overrides", "a NUL byte in the model", "model=%00"),
    ],
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/prices/overrides",
    access: "prices:write",
    ok: 201,
    target: async () => ({ body: newPrice() }),
    input: { body: createPriceOverrideSchema },
    badInput: [
      body("no model", { ...newPrice(), model: " " }),
      body("a negative price", { ...newPrice(), inputPerMTok: "-1" }),
      body("a price that is not a number", { ...newPrice(), outputPerMTok: "ten" }),
      body("an end before the start", { ...newPrice(), effectiveTo: "2024-12-31" }),
      body("an impossible date", { ...newPrice(), effectiveFrom: "2025-02-30" }),
      { why: "broken JSON", status: 400, target: async () => ({ raw: '{"model": ' }) },
    ],
  },
  {
    kind: "route",
    method: "PATCH",
    route: "/api/prices/overrides/[id]",
    access: "prices:write",
    object: "price",
    ok: 200,
    target: async (w) => ({ path: await pricePath(w), body: { inputPerMTok: "0.5", note: "renegotiated" } }),
    input: { params: priceOverrideIdSchema, body: updatePriceOverrideSchema },
    badInput: [
      { why: "nothing to change", status: 400, target: async (w) => ({ path: await pricePath(w), body: {} }) },
      {
        why: "a negative price",
        status: 400,
        target: async (w) => ({ path: await pricePath(w), body: { outputPerMTok: -2 } }),
      },
      {
        why: "a field the API does not take",
        status: 400,
        target: async (w) => ({ path: await pricePath(w), body: { orgId: "x" } }),
      },
      ...badIds("/api/prices/overrides/[id]").map((b) => ({
        ...b,
        target: async (w: World) => ({ ...(await b.target(w)), body: { inputPerMTok: "1" } }),
      })),
    ],
  },
  {
    kind: "route",
    method: "DELETE",
    route: "/api/prices/overrides/[id]",
    access: "prices:write",
    object: "price",
    ok: 200,
    target: async (w) => ({ path: await pricePath(w) }),
    input: { params: priceOverrideIdSchema },
    badInput: badIds("/api/prices/overrides/[id]"),
  },
  {
    kind: "route",
    method: "POST",
    route: "/api/prices/overrides/reset",
    access: "prices:write",
    ok: 200,
    target: async (w) => ({ body: { provider: "openai", model: (await w.fixtures.priceOverride()).model } }),
    input: { body: resetPricesSchema },
    badInput: [
      body("no model", { provider: "openai" }),
      body("a provider that does not exist", { provider: "acme", model: "gpt-4o" }),
    ],
  },
  {
    kind: "route",
    method: "GET",
    route: "/api/prices/unpriced",
    access: "usage:read",
    ok: 200,
    target: async (w) => ({ path: `/api/prices/unpriced?${day(w)}` }),
    input: { query: unpricedQuerySchema },
    badInput: [
      query("/api/prices/unpriced", "an impossible date", "start=2026-02-30&end=2026-03-01"),
      query("/api/prices/unpriced", "an end before the start", "start=2026-03-10&end=2026-03-01"),
      query("/api/prices/unpriced", "no start", "end=2026-03-01"),
    ],
  },
];
