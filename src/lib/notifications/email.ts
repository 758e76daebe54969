/**
 * Alert mail over SMTP (SMTP_URL / SMTP_FROM of src/lib/env, the same server as invitations).
 * Connection, greeting and socket timeouts bound every send; an SMTP failure becomes plain words.
 */
import { createTransport, type Transporter } from "nodemailer";
import { getConfig } from "@/lib/env";
import type { AlertMessage } from "./contract";
import type { SendOutcome } from "./http-post";
import { emailText } from "./render";

export const SMTP_TIMEOUT_MS = 10_000;

let cached: { url: string; transport: Transporter } | null = null;

function transportFor(url: string): Transporter {
  if (cached?.url !== url) {
    cached = {
      url,
      transport: createTransport({
        url,
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS * 2,
      }),
    };
  }
  return cached.transport;
}

function smtpOutcome(error: unknown): SendOutcome {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : null;
  if (responseCode !== null) {
    // 5xx is a permanent refusal (unknown mailbox); 4xx asks us to try again later.
    return {
      ok: false,
      statusCode: responseCode,
      outcome: `The mail server refused the message (${responseCode})`,
      retryable: responseCode < 500,
    };
  }
  const code = typeof e.code === "string" ? e.code : "";
  const outcome =
    code === "ETIMEDOUT"
      ? `The mail server did not answer within ${SMTP_TIMEOUT_MS / 1000} s`
      : code === "ECONNECTION" || code === "ESOCKET"
        ? "The mail server could not be reached"
        : code === "EAUTH"
          ? "The mail server refused our SMTP credentials"
          : "The mail could not be sent";
  return { ok: false, statusCode: null, outcome, retryable: true };
}

export async function sendAlertMail(to: string, message: AlertMessage): Promise<SendOutcome> {
  const smtp = getConfig().smtp;
  if (!smtp) {
    return {
      ok: false,
      statusCode: null,
      outcome: "Email is not set up on this server (SMTP_URL is not set)",
      retryable: true,
    };
  }
  try {
    const info = await transportFor(smtp.url).sendMail({
      from: smtp.from,
      to,
      subject: `[CogniTrack] ${message.title}`,
      text: emailText(message),
    });
    if ((info.rejected ?? []).length > 0) return smtpOutcome({ responseCode: 550 });
    return { ok: true, statusCode: 250, outcome: "Delivered: the mail server accepted the message", retryable: false };
  } catch (error) {
    return smtpOutcome(error);
  }
}
