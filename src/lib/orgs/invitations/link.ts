/** Invitation links: the token lives only in the link; the database keeps its SHA-256. */
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";

export const INVITATION_TTL_DAYS = 7;

/** 32 random bytes, base64url: anything else cannot be one of ours, so it is not looked up. */
export const INVITATION_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Built from APP_URL (never from the request's Host header, which the caller controls). */
export function invitationUrl(token: string): string {
  return `${getConfig().appUrl.replace(/\/+$/, "")}/invite/${token}`;
}

/**
 * The one answer for an unknown, expired, revoked or used link: which of them it is would only
 * help someone holding a link that is not theirs.
 */
export const invalidInvitation = () =>
  new AppError(
    "NOT_FOUND",
    "This invitation link is not valid. It may have expired, been revoked or been used already: ask for a new one.",
  );
