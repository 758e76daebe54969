import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "./accounts";
import { deleteAllSessionsOfUser, SESSION_COOKIE } from "./sessions";

/** Ends every session of the signed-in user (other browsers and devices included), this one too. */
export async function signOutEverywhere(user: SessionUser) {
  if (getConfig().auth.mode !== "local") {
    throw new AppError(
      "NOT_FOUND",
      "This deployment signs in with Clerk: end other sessions from your Clerk account's security settings.",
    );
  }
  const sessionsEnded = await deleteAllSessionsOfUser(await getDb(), user.id);
  (await cookies()).delete(SESSION_COOKIE);
  return { signedOut: true, sessionsEnded };
}
