/**
 * The invitation mail, sent only when SMTP_URL is configured. A failed send does not undo the
 * invitation: the inviter still sees the link and can pass it on. The link is a credential, so it
 * never goes to the log, not even inside an error.
 */
import { createTransport, type Transporter } from "nodemailer";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { Role } from "../roles";

export interface InvitationMail {
  to: string;
  orgName: string;
  role: Role;
  url: string;
  expiresAt: Date;
  invitationId: string;
}

let cached: { url: string; transport: Transporter } | null = null;

function transportFor(url: string): Transporter {
  if (cached?.url !== url) {
    cached = {
      url,
      transport: createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }),
    };
  }
  return cached.transport;
}

const article = (role: Role) => (role === "admin" ? "an admin" : role === "owner" ? "an owner" : "a viewer");

export function invitationMailText(mail: InvitationMail): string {
  return [
    `You have been invited to join ${mail.orgName} on CogniTrack as ${article(mail.role)}.`,
    "",
    `Accept the invitation: ${mail.url}`,
    "",
    `The link works once and expires on ${mail.expiresAt.toUTCString()}.`,
    `Sign in (or create an account) with ${mail.to} to accept it.`,
    "If you did not expect this invitation, you can ignore this mail.",
  ].join("\n");
}

/** true when the SMTP server accepted the mail; false when mail is off or the send failed. */
export async function sendInvitationMail(mail: InvitationMail): Promise<boolean> {
  const smtp = getConfig().smtp;
  if (!smtp) return false;
  try {
    await transportFor(smtp.url).sendMail({
      from: smtp.from,
      to: mail.to,
      subject: `You're invited to ${mail.orgName} on CogniTrack`,
      text: invitationMailText(mail),
    });
    return true;
  } catch (error) {
    const code = (error as { code?: unknown; responseCode?: unknown }) ?? {};
    logger.warn("invitation mail not sent", {
      invitationId: mail.invitationId,
      code: typeof code.code === "string" ? code.code : null,
      responseCode: typeof code.responseCode === "number" ? code.responseCode : null,
    });
    return false;
  }
}
