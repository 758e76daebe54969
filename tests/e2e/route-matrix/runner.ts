/**
 * Turns every row of the table into its cases (see table.ts for the list) against a World. The
 * world is built in the test file's beforeAll, so cases read it through a getter.
 */
import { describe, expect, it } from "vitest";
import type { Permission, Role } from "@/lib/orgs/roles";
import { expectDocumentedAnswer } from "./documented";
import type { Caller, Reply, RequestOptions } from "./http";
import { expectedRoles, LOWEST_ROLE } from "./roles-spec";
import { MATRIX, rowName, type MatrixRow, type Target } from "./table";
import { ALL_SCOPES, bearer, issueToken, revokeToken } from "./tokens";
import type { Mode, World } from "./world";

const article = (role: Role) => (role === "admin" ? "an admin" : `a ${role}`);
const FOREIGN = { origin: "http://evil.example", "sec-fetch-site": "cross-site" };

/** Rows called with a bearer secret of the deployment instead of a member's credentials. */
export const isSecretAccess = (access: MatrixRow["access"]): access is "cron" | "metrics" =>
  access === "cron" || access === "metrics";
const SECRET_NAME = { cron: "the cron secret", metrics: "the metrics token" } as const;
const secretOf = (w: World, access: "cron" | "metrics") => (access === "cron" ? w.cronSecret : w.metricsToken);

export const isPermission = (access: MatrixRow["access"]): access is Permission =>
  access !== "public" && !isSecretAccess(access) && access !== "member";

/** Roles that must be refused, and the lowest role that must succeed (from roles-spec.ts). */
export function rolesFor(row: MatrixRow): { denied: Role[]; lowest: Role } {
  return isPermission(row.access) ? expectedRoles(row.access) : { denied: [], lowest: "viewer" };
}

function send(caller: Caller, row: MatrixRow, target: Target, opts: RequestOptions = {}): Promise<Reply> {
  const withBody = { ...opts, body: target.body, raw: target.raw, form: target.form };
  if (row.kind === "action") return caller.action(row.route, target.args ?? [], withBody);
  return caller.request(row.method, target.path ?? row.route, withBody);
}

/** Who may make the request: anyone for public rows, the lowest allowed role (or the target's own caller). */
function allowed(w: World, row: MatrixRow, target: Target): { caller: Caller; opts: RequestOptions } {
  if (row.access === "public" || isSecretAccess(row.access)) {
    return {
      caller: w.anonymous,
      opts: isSecretAccess(row.access) ? { headers: bearer(secretOf(w, row.access)) } : {},
    };
  }
  const caller = target.caller ?? w.members[rolesFor(row).lowest];
  return { caller, opts: target.orgId ? { orgId: target.orgId } : {} };
}

const describeReply = (r: Reply) => `${r.status} ${r.text.slice(0, 300)}`;

function expectStatus(reply: Reply, status: number) {
  expect(reply.status, describeReply(reply)).toBe(status);
}

function inputCases(modeName: Mode, world: () => World, row: MatrixRow) {
  const override = row.modes?.[modeName];
  const mutating = row.kind === "action" || row.method !== "GET";
  if (row.badInput?.length && !override?.skipBadInput) {
    for (const bad of row.badInput) {
      it(`bad input (${bad.why}) -> ${bad.status}, in plain words`, async () => {
        const w = world();
        const target = await bad.target(w);
        const { caller, opts } = allowed(w, row, target);
        const reply = await send(caller, row, target, opts);
        expectStatus(reply, bad.status);
        expectDocumentedAnswer(row, reply);
        expect(reply.text).not.toMatch(/\bat \S+ \(|node_modules|webpack-internal/);
      });
    }
  }
  if (mutating) {
    it("from a foreign origin -> 403, no cookie set", async () => {
      const w = world();
      const target = await row.target(w);
      const { caller, opts } = allowed(w, row, target);
      // With a foreign Origin, and with no Origin at all but a cross-site Sec-Fetch-Site.
      const variants: Record<string, string>[] = [FOREIGN, { origin: "", "sec-fetch-site": "cross-site" }];
      for (const variant of variants) {
        const headers = { ...opts.headers, ...variant };
        const reply = await send(caller, row, target, { ...opts, headers });
        expect(reply.status, `${JSON.stringify(variant)}: ${describeReply(reply)}`).toBe(403);
        expect(reply.headers.get("set-cookie")).toBeNull();
      }
    });
  }
  if (row.kind === "route" && row.input?.body) {
    it("a JSON body sent as text/plain -> 415", async () => {
      const w = world();
      const target = await row.target(w);
      const { caller, opts } = allowed(w, row, target);
      const reply = await send(caller, row, target, {
        ...opts,
        headers: { ...opts.headers, "content-type": "text/plain;charset=UTF-8" },
      });
      expectStatus(reply, 415);
    });
  }
}

/** `mode` is known when the cases are collected (their names show its statuses); the world is built later. */
export function runMatrix(modeName: Mode, world: () => World, rows: MatrixRow[] = MATRIX) {
  for (const row of rows) {
    describe(rowName(row), () => {
      const override = row.modes?.[modeName];
      const okStatus = override?.ok ?? row.ok;
      const foreignObject = override?.foreignObject ?? 404;
      const why = override ? ` (${override.why})` : "";

      if (row.access === "public" || isSecretAccess(row.access)) {
        const secretAccess = isSecretAccess(row.access) ? row.access : null;
        if (secretAccess) {
          it(`without ${SECRET_NAME[secretAccess]} -> 401`, async () => {
            expectStatus(await send(world().anonymous, row, await row.target(world())), 401);
          });
          it(`with a wrong ${SECRET_NAME[secretAccess].slice(4)} -> 401`, async () => {
            const w = world();
            const wrong = { headers: bearer(`${secretOf(w, secretAccess)}x`) };
            expectStatus(await send(w.anonymous, row, await row.target(w), wrong), 401);
          });
        }
        it(`${secretAccess ? `with ${SECRET_NAME[secretAccess]}` : "anyone"} -> ${okStatus}${why}`, async () => {
          const w = world();
          const target = await row.target(w);
          const { caller, opts } = allowed(w, row, target);
          const reply = await send(caller, row, target, opts);
          expectStatus(reply, okStatus);
          expectDocumentedAnswer(row, reply);
        });
        inputCases(modeName, world, row);
        return;
      }

      const { denied, lowest } = rolesFor(row);
      it("anonymous -> 401", async () => {
        const reply = await send(world().anonymous, row, await row.target(world()));
        expectStatus(reply, 401);
        expect(reply.body?.error?.code ?? reply.body?.code).toBe("UNAUTHENTICATED");
      });

      it("forged or tampered credentials -> 401", async () => {
        const w = world();
        expect(w.forged.length).toBeGreaterThan(0);
        for (const forger of w.forged) {
          const reply = await send(forger, row, await row.target(w));
          expect(reply.status, `${forger.name}: ${describeReply(reply)}`).toBe(401);
        }
      });

      for (const role of denied) {
        it(`${role} -> 403 naming the role needed`, async () => {
          const w = world();
          const reply = await send(w.members[role], row, await row.target(w));
          expectStatus(reply, 403);
          const needed = LOWEST_ROLE[row.access as Permission];
          const message = reply.body?.error?.message ?? reply.body?.message ?? reply.body?.error;
          expect(message).toBe(`This needs the ${needed} role; you are ${article(role)}.`);
        });
      }

      if (row.object) {
        it(`another organization's owner naming this organization's ${row.object} -> ${foreignObject}`, async () => {
          const w = world();
          expectStatus(await send(w.outsider, row, await row.target(w)), foreignObject);
        });
      }
      it("another organization's owner acting in this organization (X-CogniTrack-Org) -> 404", async () => {
        const w = world();
        expectStatus(await send(w.outsider, row, await row.target(w), { orgId: w.orgA.id }), 404);
      });

      it(`${lowest} -> ${okStatus}${why}`, async () => {
        const w = world();
        const target = await row.target(w);
        const { caller, opts } = allowed(w, row, target);
        const reply = await send(caller, row, target, opts);
        expectStatus(reply, okStatus);
        expectDocumentedAnswer(row, reply);
      });

      inputCases(modeName, world, row);

      if (!row.tokenScope) {
        it("an API token is refused (401) even beside the owner's valid session", async () => {
          const w = world();
          const { secret } = await issueToken(w.members.owner, ALL_SCOPES);
          const reply = await send(w.members.owner, row, await row.target(w), { headers: bearer(secret) });
          expectStatus(reply, 401);
        });
        return;
      }

      const scope = row.tokenScope;
      describe(`API tokens (scope ${scope})`, () => {
        const tokenOnly = (secret: string): RequestOptions => ({
          withoutCredentials: true,
          orgId: null,
          headers: bearer(secret),
        });
        it("a token without the scope -> 403", async () => {
          const w = world();
          const token = await issueToken(
            w.members.owner,
            ALL_SCOPES.filter((s) => s !== scope),
          );
          expectStatus(await send(w.anonymous, row, await row.target(w), tokenOnly(token.secret)), 403);
        });
        it("a revoked token -> 401", async () => {
          const w = world();
          const token = await issueToken(w.members.owner, [scope]);
          await revokeToken(w.members.owner, token);
          expectStatus(await send(w.anonymous, row, await row.target(w), tokenOnly(token.secret)), 401);
        });
        it("an expired token -> 401", async () => {
          const w = world();
          expectStatus(await send(w.anonymous, row, await row.target(w), tokenOnly(w.expiredToken)), 401);
        });
        it(`a token with the scope -> ${row.ok}`, async () => {
          const w = world();
          const token = await issueToken(w.members.owner, [scope]);
          const reply = await send(w.anonymous, row, await row.target(w), tokenOnly(token.secret));
          expectStatus(reply, row.ok);
          expectDocumentedAnswer(row, reply);
        });
      });
    });
  }
}
