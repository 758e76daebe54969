// The provider emulator: a real node:http server speaking the OpenAI usage, admin-list and legacy
// usage shapes of docs PROVIDER-APIS.md, and the Anthropic Admin API (usage and cost reports,
// workspaces, API keys, users) under /v1/organizations, with per-key and per-request faults.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdminList } from "./admin-route";
import { USAGE_KINDS, type UsageKind } from "./aggregate";
import { anthropicFaultResponse, apiKeyOf } from "./anthropic/http";
import { ANTHROPIC_PATH_PREFIX, routeAnthropic } from "./anthropic/route";
import type { AnthropicCredential } from "./anthropic/types";
import { authenticate, bearerKey } from "./auth";
import { handleControl, type KeyRegistration, type RequestLogEntry } from "./control-route";
import type { CostAdjustment } from "./costs-data";
import { handleCosts } from "./costs-route";
import {
  alterResponse,
  DEFAULT_FOREIGN_NEXT_PAGE,
  faultResponse,
  FaultRegistry,
  headerFault,
  type FaultRule,
} from "./faults";
import { errors, maskKey, openAiError, readBody, send, type EmulatorResponse } from "./http-util";
import { handleLegacyUsage } from "./legacy-route";
import { CredentialPacer, type PacingOptions } from "./pacing";
import { handleUsage } from "./usage-route";
import type { Credential, EmulatorDataset } from "./types";

export type { FaultRule, FaultMode } from "./faults";
export { FAULT_MODES } from "./faults";
export type { KeyRegistration, RequestLogEntry } from "./control-route";

export interface EmulatorOptions {
  dataset: EmulatorDataset;
  /** 0 (default) = a random free port */
  port?: number;
  host?: string;
  faults?: FaultRule[];
  /** cap of results per usage page; a bigger day continues on the next page (default 5000) */
  maxResultsPerPage?: number;
  /** cap of items per admin list page (OpenAI and Anthropic), whatever `limit` asks (default: the API's maximum) */
  maxAdminPageSize?: number;
  /** where `foreign_next_page` points (default http://169.254.169.254/latest/meta-data) */
  foreignNextPageUrl?: string;
  /** clock in ms used for the default end_time of usage queries (default Date.now) */
  now?: () => number;
  /** keep at most this many request log entries (default 10000) */
  requestLogLimit?: number;
  /** opt-in: pace every credential (OpenAI and Anthropic) to this rate; over it, 429 with Retry-After */
  pacing?: PacingOptions;
}

export interface EmulatorHandle {
  /** base URL to configure as the OpenAI API base, e.g. http://127.0.0.1:4010/v1 */
  url: string;
  /** base URL to configure as the Anthropic API base (ANTHROPIC_API_BASE_URL): the origin, paths start with /v1 */
  anthropicUrl: string;
  /** e.g. http://127.0.0.1:4010 (control endpoints live under /__emulator) */
  origin: string;
  port: number;
  dataset: EmulatorDataset;
  close(): Promise<void>;
  /** replace all fault rules */
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  /** clear all rules, or only those of one key */
  clearFaults(key?: string): void;
  /** accept an extra bearer key, optionally failing permanently with a fault */
  registerKey(registration: KeyRegistration): void;
  requestLog: RequestLogEntry[];
  /** requests per credential (the key as sent), and how many of them the pacing turned away */
  requestCounts: ReadonlyMap<string, number>;
  pacedCounts: ReadonlyMap<string, number>;
}

const USAGE_PATHS: Record<string, UsageKind | undefined> = Object.fromEntries(
  USAGE_KINDS.map((kind) => [`/organization/usage/${kind}`, kind]),
);

export async function startEmulator(options: EmulatorOptions): Promise<EmulatorHandle> {
  const { dataset } = options;
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? Date.now;
  const maxResultsPerPage = options.maxResultsPerPage ?? 5000;
  if (!Number.isInteger(maxResultsPerPage) || maxResultsPerPage < 1)
    throw new Error("maxResultsPerPage must be a positive integer");
  if (
    options.maxAdminPageSize !== undefined &&
    !(Number.isInteger(options.maxAdminPageSize) && options.maxAdminPageSize > 0)
  )
    throw new Error("maxAdminPageSize must be a positive integer");
  const foreignUrl = options.foreignNextPageUrl ?? DEFAULT_FOREIGN_NEXT_PAGE;
  const logLimit = options.requestLogLimit ?? 10_000;
  const credentials = new Map<string, Credential>(dataset.credentials.map((c) => [c.key, c]));
  const anthropicCredentials = new Map<string, AnthropicCredential>(
    (dataset.anthropic?.credentials ?? []).map((c) => [c.key, c]),
  );
  const faults = new FaultRegistry();
  faults.set(options.faults ?? []);
  const requestLog: RequestLogEntry[] = [];
  const costAdjustments: CostAdjustment[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const pacer = new CredentialPacer(options.pacing ?? null);

  const registerKey = (registration: KeyRegistration): void => {
    if (registration.provider === "anthropic") {
      const orgs = dataset.anthropic?.organizations ?? [];
      const org = registration.org ? orgs.find((o) => o.id === registration.org) : orgs[0];
      if (!org) throw new Error(`unknown Anthropic organization ${registration.org ?? "(dataset has none)"}`);
      anthropicCredentials.set(registration.key, { key: registration.key, kind: registration.kind, orgId: org.id });
      if (registration.fault) faults.add({ key: registration.key, fault: registration.fault });
      return;
    }
    const org = registration.org
      ? dataset.organizations.find((o) => o.id === registration.org)
      : dataset.organizations[0];
    if (!org) throw new Error(`unknown organization ${registration.org}`);
    const projectId = registration.kind === "standard" ? (registration.projectId ?? org.projects[0]?.id) : undefined;
    if (registration.kind === "standard" && !org.projects.some((p) => p.id === projectId))
      throw new Error(`unknown project ${projectId}`);
    credentials.set(registration.key, { key: registration.key, kind: registration.kind, orgId: org.id, projectId });
    if (registration.fault) faults.add({ key: registration.key, fault: registration.fault });
  };

  const log = (entry: RequestLogEntry): void => {
    requestLog.push(entry);
    if (requestLog.length > logLimit) requestLog.splice(0, requestLog.length - logLimit);
  };

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handleApi(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
  ): Promise<{ response: EmulatorResponse; fault?: string }> {
    const key = bearerKey(req.headers);
    const requested = headerFault(req.headers);
    if (requested === "invalid") {
      return {
        response: openAiError(
          400,
          `Unknown x-emulator-fault mode '${String(req.headers["x-emulator-fault"])}'.`,
          "invalid_request_error",
          "invalid_value",
        ),
      };
    }
    const wait = pacer.admit(key);
    if (wait !== null) {
      const paced = { key: key ?? "", fault: "rate_limit" as const, retryAfterSeconds: wait };
      return { response: faultResponse(paced, key, Date.now())!, fault: "paced" };
    }
    const fault = requested ?? faults.take(key, `/v1${path}`);
    if (fault) {
      const replaced = faultResponse(fault, key, Date.now()); // Retry-After dates follow the wall clock
      if (replaced) return { response: replaced, fault: fault.fault };
      if (fault.fault === "slow") await delay(fault.delayMs ?? 2000);
    }
    let response = route(req, path, query, key);
    if (fault) response = alterResponse(fault, response, foreignUrl);
    return { response, fault: fault?.fault };
  }

  /** The Anthropic Admin API: same fault registry (keyed by x-api-key), Anthropic-shaped faults. */
  async function handleAnthropicApi(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
  ): Promise<{ response: EmulatorResponse; fault?: string }> {
    const key = apiKeyOf(req.headers);
    const requested = headerFault(req.headers);
    if (requested === "invalid") {
      return {
        response: {
          status: 400,
          body: {
            type: "error",
            error: {
              type: "invalid_request_error",
              message: `Unknown x-emulator-fault mode '${String(req.headers["x-emulator-fault"])}'.`,
            },
          },
        },
      };
    }
    const wait = pacer.admit(key);
    if (wait !== null) {
      const paced = { key: key ?? "", fault: "rate_limit" as const, retryAfterSeconds: wait };
      return { response: anthropicFaultResponse(paced, Date.now())!, fault: "paced" };
    }
    const fault = requested ?? faults.take(key, path);
    if (fault) {
      const replaced = anthropicFaultResponse(fault, Date.now());
      if (replaced) return { response: replaced, fault: fault.fault };
      if (fault.fault === "slow") await delay(fault.delayMs ?? 2000);
    }
    let response = routeAnthropic(req.method ?? "GET", path, query, req.headers, {
      dataset: dataset.anthropic,
      credentials: anthropicCredentials,
      maxResultsPerPage,
      maxAdminPageSize: options.maxAdminPageSize,
      nowSeconds: Math.floor(now() / 1000),
    });
    if (fault) response = alterResponse(fault, response, foreignUrl);
    return { response, fault: fault?.fault };
  }

  function route(req: IncomingMessage, path: string, query: URLSearchParams, key: string | null): EmulatorResponse {
    if (req.method !== "GET") return errors.notFound(req.method ?? "?", `/v1${path}`);
    const usageKind = Object.hasOwn(USAGE_PATHS, path) ? USAGE_PATHS[path] : undefined;
    const isLegacy = path === "/usage";
    if (!usageKind && !isLegacy && !path.startsWith("/organization/")) return errors.notFound("GET", `/v1${path}`);
    const credential = authenticate(key, req.headers, credentials, isLegacy ? "any" : "admin");
    if ("status" in credential) return credential;
    if (isLegacy) return handleLegacyUsage(query, dataset, credential);
    if (usageKind) {
      const fixtureHeader = req.headers["x-emulator-fixture"];
      return handleUsage(usageKind, query, {
        dataset,
        orgId: credential.orgId,
        maxResultsPerPage,
        nowSeconds: Math.floor(now() / 1000),
        fixtureName: typeof fixtureHeader === "string" ? fixtureHeader : undefined,
      });
    }
    if (path === "/organization/costs") {
      return handleCosts(query, {
        dataset,
        orgId: credential.orgId,
        maxResultsPerPage,
        nowSeconds: Math.floor(now() / 1000),
        adjustments: costAdjustments,
      });
    }
    const org = dataset.organizations.find((o) => o.id === credential.orgId);
    const listed = org ? handleAdminList(path, query, org, options.maxAdminPageSize) : null;
    return listed ?? errors.notFound("GET", `/v1${path}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
    const method = req.method ?? "GET";
    if (path.startsWith("/__emulator/")) {
      const body = method === "POST" ? await readBody(req) : "";
      send(
        res,
        handleControl(method, path.slice("/__emulator".length), url.searchParams, body, {
          dataset,
          faults,
          credentials,
          anthropicCredentials,
          registerKey,
          requestLog,
          costAdjustments,
        }),
      );
      return;
    }
    if (path.startsWith(ANTHROPIC_PATH_PREFIX)) {
      const { response, fault } = await handleAnthropicApi(req, path, url.searchParams);
      log({
        method,
        path: url.pathname + url.search,
        key: maskKey(apiKeyOf(req.headers)),
        status: response.status,
        ...(fault ? { fault } : {}),
      });
      if (!res.destroyed) send(res, response);
      return;
    }
    const key = bearerKey(req.headers);
    if (path !== "/v1" && !path.startsWith("/v1/")) {
      const response = errors.notFound(method, path);
      log({ method, path: url.pathname + url.search, key: maskKey(key), status: response.status });
      send(res, response);
      return;
    }
    const { response, fault } = await handleApi(req, path.slice(3), url.searchParams);
    log({
      method,
      path: url.pathname + url.search,
      key: maskKey(key),
      status: response.status,
      ...(fault ? { fault } : {}),
    });
    if (!res.destroyed) send(res, response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, openAiError(500, "The emulator failed to handle this request.", "server_error"));
      else res.destroy();
    });
  });
  // Like a provider's edge, idle connections stay open for reuse: a 1 s hint made every client
  // (undici subtracts its own margin from the hint) reconnect for each request.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url: `${origin}/v1`,
    anthropicUrl: origin,
    origin,
    port,
    dataset,
    requestLog,
    requestCounts: pacer.requests,
    pacedCounts: pacer.limited,
    setFaults: (rules) => faults.set(rules),
    addFault: (rule) => faults.add(rule),
    clearFaults: (key) => faults.clear(key),
    registerKey,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
