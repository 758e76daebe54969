/**
 * `npm run keys:rotate`: re-seals every stored secret with the current ENCRYPTION_KEY. Rows are
 * rewritten one by one, each only if it still holds what was read, so the run can be stopped and
 * started again (resumable), run twice (idempotent) and run beside a live server (a key saved
 * meanwhile is already sealed with the current key). Until it finishes, older keys listed in
 * ENCRYPTION_PREVIOUS_KEYS still open the rows not yet rewritten. Never holds more than one
 * plaintext at a time, and never reports one.
 */
import type { Db } from "@/db/types";
import { DecryptionError, open, seal, type KeyRing } from "@/lib/crypto/envelope";
import { SEALED_COLUMNS, type SealedColumn } from "./sealed-columns";

export interface ColumnRotation {
  name: string;
  resealed: number;
  /** Rows another writer changed between read and write: left as they are (already current or retried next run). */
  skipped: number;
  /** Rows no configured key opens; their ids (never their values) for the operator. */
  failed: { id: string; keyVersion: number; reason: string }[];
}

export interface RotationReport {
  currentVersion: number;
  columns: ColumnRotation[];
  /** Rows per key version after the run, over every sealed column. */
  rowsByVersion: Record<number, number>;
  /** Previous key versions no stored secret needs any more. */
  previousNoLongerNeeded: number[];
  /** Previous key versions some row still needs (a failed row or a concurrent writer). */
  previousStillNeeded: number[];
}

export interface RotationOptions {
  batchSize?: number;
  columns?: SealedColumn[];
  onProgress?: (event: { column: string; resealed: number }) => void;
}

async function rotateColumn(db: Db, ring: KeyRing, column: SealedColumn, opts: RotationOptions) {
  const out: ColumnRotation = { name: column.name, resealed: 0, skipped: 0, failed: [] };
  let afterId: string | null = null;
  for (;;) {
    const batch = await column.listNotSealedWith(db, ring.current.version, afterId, opts.batchSize ?? 100);
    if (batch.length === 0) break;
    for (const row of batch) {
      let next;
      try {
        next = seal(open(row.sealed, ring), ring);
      } catch (e) {
        if (!(e instanceof DecryptionError)) throw e;
        out.failed.push({ id: row.id, keyVersion: row.sealed.keyVersion, reason: e.message });
        continue;
      }
      if (await column.replace(db, row.id, row.sealed, next)) out.resealed++;
      else out.skipped++;
    }
    afterId = batch.at(-1)!.id;
    opts.onProgress?.({ column: column.name, resealed: out.resealed });
  }
  return out;
}

export async function rotateSealedSecrets(db: Db, ring: KeyRing, opts: RotationOptions = {}): Promise<RotationReport> {
  const columns = opts.columns ?? SEALED_COLUMNS;
  const results: ColumnRotation[] = [];
  for (const column of columns) results.push(await rotateColumn(db, ring, column, opts));

  const rowsByVersion: Record<number, number> = {};
  for (const column of columns) {
    for (const [version, n] of await column.countByVersion(db))
      rowsByVersion[version] = (rowsByVersion[version] ?? 0) + n;
  }
  const previous = ring.previous.map((k) => k.version);
  return {
    currentVersion: ring.current.version,
    columns: results,
    rowsByVersion,
    previousNoLongerNeeded: previous.filter((v) => !rowsByVersion[v]),
    previousStillNeeded: previous.filter((v) => rowsByVersion[v]),
  };
}
