/**
 * Preloaded into the app under test (NODE_OPTIONS=--require): any outgoing TCP connection to an
 * address other than loopback is refused before it is made and reported on stderr, so a test can
 * prove that Clerk mode never reaches Clerk's servers (and nothing else leaves this machine).
 */
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS */
const net = require("node:net");

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);
const original = net.Socket.prototype.connect;

function targetOf(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === "object") return first.path ? null : String(first.host ?? "localhost");
  if (typeof first === "string" && Number.isNaN(Number(first))) return null; // a unix socket path
  return typeof args[1] === "string" ? args[1] : "localhost";
}

net.Socket.prototype.connect = function connect(...args) {
  const host = targetOf(args);
  if (host !== null && !LOOPBACK.has(host)) {
    process.stderr.write(`[loopback-only] refused a connection to ${host}\n`);
    process.nextTick(() => this.destroy(new Error(`loopback-only: refused a connection to ${host}`)));
    return this;
  }
  return original.apply(this, args);
};

// Name lookups would send a query to a resolver: refuse them too, except for loopback names.
const dns = require("node:dns");
const originalLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  const cb = typeof options === "function" ? options : callback;
  if (!LOOPBACK.has(hostname)) {
    process.stderr.write(`[loopback-only] refused a name lookup of ${hostname}\n`);
    const error = Object.assign(new Error(`loopback-only: refused a lookup of ${hostname}`), { code: "ENOTFOUND" });
    process.nextTick(() => cb(error));
    return {};
  }
  return originalLookup.call(this, hostname, options, callback);
};
