/**
 * Receivers the notification tests start themselves, on 127.0.0.1 with a free port: a webhook
 * receiver whose answers the test scripts, and an SMTP sink that keeps every mail.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: (path?: string) => string;
  received: ReceivedRequest[];
  /** Statuses to answer, in order; when used up, `fallback` (default 200). */
  answers: number[];
  fallback: number;
  /** Hold every answer this long (ms): makes two deliverers overlap. */
  delayMs: number;
  /** Paths that never answer (the timeout case). */
  silentPaths: Set<string>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const state = {
    received: [] as ReceivedRequest[],
    answers: [] as number[],
    fallback: 200,
    delayMs: 0,
    silentPaths: new Set<string>(),
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      state.received.push({ path: req.url ?? "", headers: req.headers, body });
      if (state.silentPaths.has(req.url ?? "")) return;
      const status = state.answers.shift() ?? state.fallback;
      setTimeout(() => {
        if (status >= 300 && status < 400) res.writeHead(status, { location: "http://127.0.0.1:1/elsewhere" }).end();
        else res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as WebhookReceiver;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export async function startSmtpSink(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Subject header of a raw mail, unfolded and with RFC 2047 Q/B encoded words decoded. */
export function mailSubject(raw: string): string {
  const header = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const folded = header.match(/^Subject:(.*(?:\r?\n[ \t].*)*)/im)?.[1] ?? "";
  const unfolded = folded.replace(/\?=\r?\n[ \t]+=\?/g, "?==?").replace(/\r?\n[ \t]+/g, " ");
  return unfolded
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    )
    .trim();
}
