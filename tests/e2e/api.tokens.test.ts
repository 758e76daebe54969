/**
 * API tokens over HTTP against the built app: a token works on the three usage routes with the
 * right scope and on nothing else, a revoked one is refused, and its secret never comes back.
 */
import { describe, expect, it } from "vitest";
import { adminKeyBody, ApiUser, env, withToken, type ApiResponse } from "./api-client";

interface Created {
  token: { id: string; name: string; scopes: string[]; last4: string };
  secret: string;
}

const window = () => {
  const end = env().dataset.end;
  const start = new Date(Date.parse(end) - 4 * 86_400_000).toISOString().slice(0, 10);
  return { start, end };
};

describe("API tokens over HTTP", () => {
  it("read and ingest tokens work on the usage routes with their scope only, and a revoked token is a 401", async () => {
    const owner = await ApiUser.signUp("tokens");
    expect((await owner.call("POST", "/api/keys", adminKeyBody())).status).toBe(201);
    const reader = await owner.call<Created>("POST", "/api/tokens", { name: "Reader", scopes: ["usage:read"] });
    const writer = await owner.call<Created>("POST", "/api/tokens", { name: "Puller", scopes: ["ingest:write"] });
    expect(reader.status).toBe(201);
    expect(writer.status).toBe(201);
    const secrets = [reader.body.secret, writer.body.secret];
    for (const s of secrets) expect(s).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
    const asReader = withToken(reader.body.secret);
    const asWriter = withToken(writer.body.secret);
    const later: ApiResponse[] = [];
    const keep = <T>(r: ApiResponse<T>) => (later.push(r as ApiResponse), r);

    const { start, end } = window();
    const pulled = keep(await asWriter<{ status: string }>("POST", "/api/usage", { start, end }));
    expect(pulled.status).toBe(200);
    expect(pulled.body.status).toBe("succeeded");

    const query = `?view=totals&start=${start}&end=${end}`;
    const totals = keep(await asReader("GET", `/api/usage${query}`));
    expect(totals.status).toBe(200);
    expect(totals.body).toEqual((await owner.call("GET", `/api/usage${query}`)).body);
    expect(totals.text).toMatch(/"inputTokens":[1-9]/);
    const csv = keep(await asReader("GET", `/api/usage/export?start=${start}&end=${end}`));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.text).toBe((await owner.call("GET", `/api/usage/export?start=${start}&end=${end}`)).text);
    expect(csv.text.split("\n").length).toBeGreaterThan(2);

    // Wrong scope: 403 naming the scope, in both directions.
    const readerPulls = keep(await asReader("POST", "/api/usage", { start, end }));
    expect(readerPulls.status).toBe(403);
    expect(readerPulls.body).toMatchObject({
      error: { code: "FORBIDDEN", message: expect.stringMatching(/ingest:write/) },
    });
    const writerReads = keep(await asWriter("GET", `/api/usage${query}`));
    expect(writerReads.status).toBe(403);

    const listed = keep(
      await owner.call<{ tokens: { id: string; lastUsedAt: string | null }[] }>("GET", "/api/tokens"),
    );
    expect(listed.body.tokens.map((t) => t.id).sort()).toEqual([reader.body.token.id, writer.body.token.id].sort());
    expect(listed.body.tokens.every((t) => t.lastUsedAt !== null)).toBe(true);

    const revoked = keep(await owner.call("DELETE", `/api/tokens/${reader.body.token.id}`));
    expect(revoked.status).toBe(200);
    const afterRevoke = keep(await asReader("GET", `/api/usage${query}`));
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    keep(await owner.call("GET", "/api/tokens"));

    expect(later.length).toBeGreaterThanOrEqual(9);
    for (const res of later) {
      for (const s of secrets) {
        expect(res.text).not.toContain(s);
        expect(res.text).not.toContain(s.slice(3));
      }
    }
  });

  it.each([
    ["GET", "/api/keys"],
    ["POST", "/api/keys"],
    ["GET", "/api/members"],
    ["GET", "/api/tokens"],
    ["POST", "/api/tokens"],
    ["GET", "/api/orgs"],
    ["GET", "/api/invitations"],
  ])("a valid token on %s %s is a 401, even next to a valid session cookie", async (method, path) => {
    const owner = await ApiUser.signUp("token-elsewhere");
    const created = await owner.call<Created>("POST", "/api/tokens", {
      name: "Everything",
      scopes: ["usage:read", "ingest:write", "costs:read"],
    });
    const body = method === "POST" ? {} : undefined;
    const alone = await withToken(created.body.secret)(method, path, body);
    expect(alone.status).toBe(401);
    expect(alone.body).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    // A cookie does not rescue a request that carries a token: the token is refused, not ignored.
    const both = await owner.call(method, path, body, undefined, {
      headers: { authorization: `Bearer ${created.body.secret}` },
    });
    expect(both.status).toBe(401);
    expect((await owner.call("GET", "/api/keys")).status).toBe(200);
    expect(alone.text + both.text).not.toContain(created.body.secret);
  });

  it("validates token requests in plain words and keeps tokens to their organization", async () => {
    const owner = await ApiUser.signUp("token-rules");
    const bad = await owner.call<{ error: { message: string } }>("POST", "/api/tokens", { name: "", scopes: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "Invalid body: name is required: give the token a name; scopes must name at least one scope",
    );
    const unknownScope = await owner.call("POST", "/api/tokens", { name: "x", scopes: ["keys:write"] });
    expect(unknownScope.status).toBe(400);
    const notUuid = await owner.call("DELETE", "/api/tokens/not-a-uuid");
    expect(notUuid.status).toBe(400);
    const stranger = await ApiUser.signUp("token-stranger");
    const made = await owner.call<Created>("POST", "/api/tokens", { name: "Mine", scopes: ["usage:read"] });
    expect((await stranger.call("DELETE", `/api/tokens/${made.body.token.id}`)).status).toBe(404);
    expect((await withToken(made.body.secret)("GET", "/api/usage?view=totals")).status).toBe(200);
  });
});
