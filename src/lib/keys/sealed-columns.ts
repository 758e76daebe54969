/**
 * Every stored secret sealed with ENCRYPTION_KEY (src/lib/crypto/envelope.ts), for key rotation.
 * A new encrypted column joins rotation by adding an entry here.
 */
import { and, asc, eq, gt, isNotNull, ne, sql } from "drizzle-orm";
import { notificationChannels, providerKeys } from "@/db/schema";
import { rowsOf, type Db } from "@/db/types";
import type { SealedValue } from "@/lib/crypto/envelope";

export interface SealedRow {
  id: string;
  sealed: SealedValue;
}

export interface SealedColumn {
  /** Plural noun for reports: "provider keys". */
  name: string;
  /** Up to `limit` rows not sealed with `version`, ids after `afterId`, in id order. */
  listNotSealedWith(db: Db, version: number, afterId: string | null, limit: number): Promise<SealedRow[]>;
  /** Writes the re-sealed value only if the row still holds `previous` (a concurrent write wins). */
  replace(db: Db, id: string, previous: SealedValue, next: SealedValue): Promise<boolean>;
  /** How many rows each key version seals. */
  countByVersion(db: Db): Promise<Map<number, number>>;
}

const providerKeySecrets: SealedColumn = {
  name: "provider keys",
  async listNotSealedWith(db, version, afterId, limit) {
    const rows = await db
      .select({
        id: providerKeys.id,
        ciphertext: providerKeys.ciphertext,
        iv: providerKeys.iv,
        authTag: providerKeys.authTag,
        keyVersion: providerKeys.encryptionKeyVersion,
      })
      .from(providerKeys)
      .where(and(ne(providerKeys.encryptionKeyVersion, version), afterId ? gt(providerKeys.id, afterId) : undefined))
      .orderBy(asc(providerKeys.id))
      .limit(limit);
    return rows.map(({ id, ...sealed }) => ({ id, sealed }));
  },
  async replace(db, id, previous, next) {
    const updated = await db
      .update(providerKeys)
      .set({
        ciphertext: next.ciphertext,
        iv: next.iv,
        authTag: next.authTag,
        encryptionKeyVersion: next.keyVersion,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(providerKeys.id, id),
          eq(providerKeys.encryptionKeyVersion, previous.keyVersion),
          eq(providerKeys.ciphertext, previous.ciphertext),
        ),
      )
      .returning({ id: providerKeys.id });
    return updated.length === 1;
  },
  async countByVersion(db) {
    const result = await db.execute(
      sql`select ${providerKeys.encryptionKeyVersion} as version, count(*)::int as n from ${providerKeys} group by 1`,
    );
    return new Map(rowsOf<{ version: number; n: number }>(result).map((r) => [Number(r.version), Number(r.n)]));
  },
};

/** Webhook channels' signing secrets (channels without one, Slack and email, have nothing sealed). */
const channelSigningSecrets: SealedColumn = {
  name: "channel signing secrets",
  async listNotSealedWith(db, version, afterId, limit) {
    const c = notificationChannels;
    const rows = await db
      .select({
        id: c.id,
        ciphertext: c.secretCiphertext,
        iv: c.secretIv,
        authTag: c.secretAuthTag,
        keyVersion: c.secretKeyVersion,
      })
      .from(c)
      .where(
        and(isNotNull(c.secretCiphertext), ne(c.secretKeyVersion, version), afterId ? gt(c.id, afterId) : undefined),
      )
      .orderBy(asc(c.id))
      .limit(limit);
    return rows.map(({ id, ciphertext, iv, authTag, keyVersion }) => ({
      id,
      sealed: { ciphertext: ciphertext!, iv: iv!, authTag: authTag!, keyVersion: keyVersion! },
    }));
  },
  async replace(db, id, previous, next) {
    const c = notificationChannels;
    const updated = await db
      .update(c)
      .set({
        secretCiphertext: next.ciphertext,
        secretIv: next.iv,
        secretAuthTag: next.authTag,
        secretKeyVersion: next.keyVersion,
        updatedAt: new Date(),
      })
      .where(
        and(eq(c.id, id), eq(c.secretKeyVersion, previous.keyVersion), eq(c.secretCiphertext, previous.ciphertext)),
      )
      .returning({ id: c.id });
    return updated.length === 1;
  },
  async countByVersion(db) {
    const c = notificationChannels;
    const result = await db.execute(
      sql`select ${c.secretKeyVersion} as version, count(*)::int as n from ${c} where ${c.secretCiphertext} is not null group by 1`,
    );
    return new Map(rowsOf<{ version: number; n: number }>(result).map((r) => [Number(r.version), Number(r.n)]));
  },
};

export const SEALED_COLUMNS: SealedColumn[] = [providerKeySecrets, channelSigningSecrets];
