import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/types";
import { createSession, deleteAllSessionsOfUser, deleteSession, userFromSessionCookie } from "@/lib/auth/sessions";
import { createTestDb, createTestUser } from "../test-db";

let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

describe(`local sessions on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("accepts the issued cookie and refuses an extra segment or a changed signature", async () => {
    const user = await createTestUser(handle.db, "cookie");
    const { cookieValue } = await createSession(handle.db, user.id);
    expect((await userFromSessionCookie(handle.db, cookieValue))?.id).toBe(user.id);
    expect(await userFromSessionCookie(handle.db, `${cookieValue}.extra`)).toBeNull();
    const [token, signature] = cookieValue.split(".");
    const flipped = `${token}.${signature!.slice(0, -1)}${signature!.endsWith("A") ? "B" : "A"}`;
    expect(await userFromSessionCookie(handle.db, flipped)).toBeNull();
  });

  it("does not end a session for a malformed cookie carrying its token", async () => {
    const user = await createTestUser(handle.db, "malformed");
    const { cookieValue } = await createSession(handle.db, user.id);
    const [token] = cookieValue.split(".");
    await deleteSession(handle.db, `${token}.not-our-signature`);
    await deleteSession(handle.db, `${cookieValue}.extra`);
    expect((await userFromSessionCookie(handle.db, cookieValue))?.id).toBe(user.id);
    await deleteSession(handle.db, cookieValue);
    expect(await userFromSessionCookie(handle.db, cookieValue)).toBeNull();
  });

  it("signing out everywhere ends every session of that user and no one else's", async () => {
    const user = await createTestUser(handle.db, "everywhere");
    const other = await createTestUser(handle.db, "bystander");
    const laptop = await createSession(handle.db, user.id);
    const phone = await createSession(handle.db, user.id);
    const bystander = await createSession(handle.db, other.id);

    expect(await deleteAllSessionsOfUser(handle.db, user.id)).toBe(2);

    expect(await userFromSessionCookie(handle.db, laptop.cookieValue)).toBeNull();
    expect(await userFromSessionCookie(handle.db, phone.cookieValue)).toBeNull();
    expect((await userFromSessionCookie(handle.db, bystander.cookieValue))?.id).toBe(other.id);
    expect(await deleteAllSessionsOfUser(handle.db, user.id)).toBe(0);
  });
});
