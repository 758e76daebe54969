/**
 * Turns every row of the table into its cases (see table.ts for the list) against a World. The
 * world is built in the test file's beforeAll, so cases read it through a getter.
 */
import { describe, expect, it } from "vitest";
import type { Permission, Role } from "@/lib/orgs/roles";
import type { Caller, Reply, RequestOptions } from "./http";
import { expectedRoles, LOWEST_ROLE } from "./roles-spec";
import { MATRIX, type MatrixRow, type Target } from "./table";
import { ALL_SCOPES, API_TOKENS_AVAILABLE, bearer, issueToken, revokeToken, UNISSUED_TOKEN } from "./tokens";
import type { Mode, World } from "./world";

const article = (role: Role) => (role === "admin" ? "an admin" : `a ${role}`);

export const isPermission = (access: MatrixRow["access"]): access is Permission =>
  access !== "public" && access !== "cron" && access !== "member";

/** Roles that must be refused, and the lowest role that must succeed (from roles-spec.ts). */
export function rolesFor(row: MatrixRow): { denied: Role[]; lowest: Role } {
  return isPermission(row.access) ? expectedRoles(row.access) : { denied: [], lowest: "viewer" };
}

function send(caller: Caller, row: MatrixRow, target: Target, opts: RequestOptions = {}): Promise<Reply> {
  const withBody = { ...opts, body: target.body };
  if (row.kind === "action") return caller.action(row.route, target.args ?? [], withBody);
  return caller.request(row.method, target.path ?? row.route, withBody);
}

const describeReply = (r: Reply) => `${r.status} ${r.text.slice(0, 300)}`;

function expectStatus(reply: Reply, status: number) {
  expect(reply.status, describeReply(reply)).toBe(status);
}

/** `mode` is known when the cases are collected (their names show its statuses); the world is built later. */
export function runMatrix(modeName: Mode, world: () => World, rows: MatrixRow[] = MATRIX) {
  for (const row of rows) {
    describe(`${row.method} ${row.route}`, () => {
      const override = row.modes?.[modeName];
      const okStatus = override?.ok ?? row.ok;
      const ok = () => okStatus;
      const foreignObject = override?.foreignObject ?? 404;
      const why = override ? ` (${override.why})` : "";

      if (row.access === "public") {
        it(`anyone -> ${okStatus}${why}`, async () => {
          expectStatus(await send(world().anonymous, row, await row.target(world())), ok());
        });
        return;
      }
      if (row.access === "cron") {
        it("without the cron secret -> 401", async () => {
          expectStatus(await send(world().anonymous, row, await row.target(world())), 401);
        });
        it(`with the cron secret -> ${okStatus}`, async () => {
          const w = world();
          const reply = await send(w.anonymous, row, await row.target(w), { headers: bearer(w.cronSecret) });
          expectStatus(reply, ok());
        });
        return;
      }

      const { denied, lowest } = rolesFor(row);
      it("anonymous -> 401", async () => {
        const reply = await send(world().anonymous, row, await row.target(world()));
        expectStatus(reply, 401);
        expect(reply.body?.error?.code ?? reply.body?.code).toBe("UNAUTHENTICATED");
      });

      for (const role of denied) {
        it(`${role} -> 403 naming the role needed`, async () => {
          const w = world();
          const reply = await send(w.members[role], row, await row.target(w));
          expectStatus(reply, 403);
          const needed = LOWEST_ROLE[row.access as Permission];
          const message = reply.body?.error?.message ?? reply.body?.message;
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
        const reply = await send(w.members[lowest], row, target, target.orgId ? { orgId: target.orgId } : {});
        expectStatus(reply, ok());
      });

      if (!row.tokenScope) {
        it("an API token is refused (401) even beside the owner's valid session", async () => {
          const w = world();
          const secret = API_TOKENS_AVAILABLE ? (await issueToken(w.members.owner, ALL_SCOPES)).secret : UNISSUED_TOKEN;
          const reply = await send(w.members.owner, row, await row.target(w), { headers: bearer(secret) });
          expectStatus(reply, 401);
        });
        return;
      }

      const scope = row.tokenScope;
      describe.skipIf(!API_TOKENS_AVAILABLE)(`API tokens (scope ${scope})`, () => {
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
        it(`a token with the scope -> ${row.ok}`, async () => {
          const w = world();
          const token = await issueToken(w.members.owner, [scope]);
          expectStatus(await send(w.anonymous, row, await row.target(w), tokenOnly(token.secret)), row.ok);
        });
      });
    });
  }
}
