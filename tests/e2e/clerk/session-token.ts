/**
 * Clerk session tokens minted by the tests: RS256 JWTs with the claims of Clerk's session token
 * version 2 (https://clerk.com/docs/guides/sessions/session-tokens), signed with a key pair of
 * our own whose public half the app gets as CLERK_JWT_KEY, so Clerk verifies them without the
 * network. Clerk reads only RSA 2048 keys from PEM.
 */
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";

export interface ClerkKeys {
  /** PEM public key: CLERK_JWT_KEY. */
  publicPem: string;
  privateKey: KeyObject;
}

export function clerkKeyPair(): ClerkKeys {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(), privateKey };
}

/** The frontend API host is encoded in the publishable key; `.invalid` never resolves. */
export const CLERK_FRONTEND_API = "clerk.cognitrack.invalid";
export const fakePublishableKey = () => `pk_test_${Buffer.from(`${CLERK_FRONTEND_API}$`).toString("base64")}`;
export const fakeSecretKey = () => `sk_test_${randomBytes(24).toString("hex")}`;

export interface ClerkIdentity {
  /** Clerk user id (`sub`), e.g. user_2abc. */
  userId: string;
  email: string;
  /** The active organization (`o`), absent when the user works in their personal account. */
  org?: { id: string; role: string; slug?: string };
}

export interface MintOptions {
  /** Seconds from now; negative = already expired. Default 600. */
  expiresIn?: number;
  azp?: string;
  /** Sign with another key (a token Clerk did not issue). */
  signWith?: KeyObject;
  /** Leave out the `email` claim (the app must then ask Clerk's API for the profile). */
  withoutEmail?: boolean;
}

const b64url = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString("base64url");

export function mintSessionToken(keys: ClerkKeys, who: ClerkIdentity, opts: MintOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", kid: "ins_cognitrack_test", typ: "JWT", cat: "cl_B7d4PD111AAA" };
  const payload = {
    azp: opts.azp ?? "http://127.0.0.1",
    exp: now + (opts.expiresIn ?? 600),
    fva: [0, -1],
    iat: now - 5,
    iss: `https://${CLERK_FRONTEND_API}`,
    nbf: now - 10,
    sid: `sess_${who.userId.slice(5)}`,
    sts: "active",
    sub: who.userId,
    v: 2,
    // A custom claim (Clerk Dashboard -> Sessions -> Customize session token) the app reads on a
    // user's first request instead of calling Clerk's Backend API.
    ...(opts.withoutEmail ? {} : { email: who.email }),
    ...(who.org ? { o: { id: who.org.id, rol: who.org.role, slg: who.org.slug ?? who.org.id } } : {}),
  };
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  const signature = createSign("RSA-SHA256")
    .update(signingInput)
    .sign(opts.signWith ?? keys.privateKey);
  return `${signingInput}.${b64url(signature)}`;
}

/**
 * The cookies a browser signed in to a Clerk development instance sends: the session token, the
 * client's last-active time (not after the token's iat) and the dev-browser token, without which
 * Clerk treats a development instance's request as signed out.
 */
export function sessionCookies(token: string): string {
  const iat = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).iat as number;
  return `__session=${token}; __client_uat=${iat - 60}; __clerk_db_jwt=dvb_cognitrack_test`;
}
