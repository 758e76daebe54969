import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import {
  checkWebhookUrl,
  classifyAddress,
  HTTPS_REQUIRED,
  PRIVATE_ADDRESS,
  resolveWebhookTarget,
  type AddressClass,
  type UrlPolicy,
} from "@/lib/notifications/url-safety";

const PROD: UrlPolicy = { httpsOnly: true, allowLoopback: false };
const PROD_LOOPBACK: UrlPolicy = { httpsOnly: true, allowLoopback: true };
const DEV: UrlPolicy = { httpsOnly: false, allowLoopback: false };

const ADDRESSES: [string, AddressClass][] = [
  ["8.8.8.8", "public"],
  ["1.1.1.1", "public"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["100.64.0.1", "cgnat"],
  ["100.127.255.254", "cgnat"],
  ["100.128.0.1", "public"],
  ["127.0.0.1", "loopback"],
  ["127.255.0.9", "loopback"],
  ["169.254.169.254", "link-local"],
  ["172.15.255.255", "public"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["172.32.0.1", "public"],
  ["192.168.1.1", "private"],
  ["192.0.2.10", "reserved"],
  ["198.18.0.1", "reserved"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["255.255.255.255", "reserved"],
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["[::1]", "loopback"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:10.1.2.3", "private"],
  ["::ffff:169.254.169.254", "link-local"],
  ["::ffff:8.8.8.8", "public"],
  ["::127.0.0.1", "loopback"],
  ["64:ff9b::a9fe:a9fe", "link-local"],
  ["64:ff9b::8.8.8.8", "public"],
  ["2002:c0a8:0101::1", "private"],
  ["fc00::1", "unique-local"],
  ["fd12:3456:789a::1", "unique-local"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["febf::1", "link-local"],
  ["fec0::1", "private"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "reserved"],
  ["2606:4700:4700::1111", "public"],
  ["2a00:1450:4001:80b::200e", "public"],
  ["not-an-ip", "reserved"],
];

describe("classifyAddress", () => {
  it.each(ADDRESSES)("%s is %s", (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

function refusal(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isAppError(e) ? e.message : `not an AppError: ${String(e)}`;
  }
}

describe("checkWebhookUrl", () => {
  it.each([
    ["http://hooks.example.com/x", PROD, HTTPS_REQUIRED],
    ["ftp://hooks.example.com/x", DEV, HTTPS_REQUIRED],
    ["javascript:alert(1)", DEV, HTTPS_REQUIRED],
    ["https://127.0.0.1/x", PROD, PRIVATE_ADDRESS],
    ["https://[::1]/x", PROD, PRIVATE_ADDRESS],
    ["https://[::ffff:127.0.0.1]/x", PROD, PRIVATE_ADDRESS],
    ["https://[::ffff:a9fe:a9fe]/x", PROD, PRIVATE_ADDRESS],
    ["https://169.254.169.254/latest/meta-data", PROD, PRIVATE_ADDRESS],
    // WHATWG URL parsing turns these spellings of 127.0.0.1 into the dotted form before we look.
    ["https://2130706433/x", PROD, PRIVATE_ADDRESS],
    ["https://0x7f.1/x", PROD, PRIVATE_ADDRESS],
    ["https://0177.0.0.1/x", PROD, PRIVATE_ADDRESS],
    ["https://10.0.0.5:8443/x", PROD, PRIVATE_ADDRESS],
    ["https://localhost/x", PROD, PRIVATE_ADDRESS],
    ["https://api.localhost/x", PROD, PRIVATE_ADDRESS],
    ["https://user:pw@hooks.example.com/x", PROD, "Put credentials in the receiver, not in the webhook URL"],
    ["not a url", PROD, "Enter a full URL, like https://hooks.example.com/cognitrack"],
    ["http://192.168.0.10/x", PROD_LOOPBACK, HTTPS_REQUIRED],
    ["https://192.168.0.10/x", PROD_LOOPBACK, PRIVATE_ADDRESS],
  ])("%s is refused", (url, policy, message) => {
    expect(refusal(() => checkWebhookUrl(url, policy))).toBe(message);
  });

  it.each([
    ["https://hooks.example.com/x", PROD],
    ["https://8.8.8.8/x", PROD],
    ["http://hooks.example.com/x", DEV],
    ["http://127.0.0.1:9999/hook", PROD_LOOPBACK],
    ["http://[::1]:9999/hook", PROD_LOOPBACK],
    ["http://localhost:9999/hook", PROD_LOOPBACK],
  ])("%s is accepted", (url, policy) => {
    expect(refusal(() => checkWebhookUrl(url, policy))).toBeNull();
  });
});

describe("resolveWebhookTarget", () => {
  const dns = (answers: string[]) => async () =>
    answers.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

  it("connects to the address the name resolved to", async () => {
    const target = await resolveWebhookTarget("https://hooks.example.com/x", PROD, dns(["93.184.216.34"]));
    expect(target).toMatchObject({ address: "93.184.216.34", family: 4 });
    expect(target.url.hostname).toBe("hooks.example.com");
  });

  it.each([
    [["10.0.0.7"]],
    [["93.184.216.34", "127.0.0.1"]],
    [["::ffff:192.168.1.1"]],
    [["fd00::5"]],
    [["100.100.100.100"]],
  ])("refuses a name that resolves to %j", async (answers) => {
    const err = await resolveWebhookTarget("https://rebind.example.com/x", PROD, dns(answers)).catch((e) => e);
    expect(isAppError(err) && err.message).toBe(PRIVATE_ADDRESS);
  });

  it("allows a loopback answer only when loopback is allowed", async () => {
    const viaDns = dns(["127.0.0.1"]);
    await expect(resolveWebhookTarget("https://local.test/x", PROD, viaDns)).rejects.toThrow(PRIVATE_ADDRESS);
    await expect(resolveWebhookTarget("https://local.test/x", PROD_LOOPBACK, viaDns)).resolves.toMatchObject({
      address: "127.0.0.1",
    });
  });

  it("says so when a name does not resolve", async () => {
    const failing = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(resolveWebhookTarget("https://nowhere.invalid/x", PROD, failing)).rejects.toThrow(
      "The name nowhere.invalid could not be resolved",
    );
  });
});
