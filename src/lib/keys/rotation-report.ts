import type { RotationReport } from "./rotate";

/** The rotation's outcome in plain lines: counts, row ids and key versions only, never a value. */
export function formatRotationReport(r: RotationReport): string {
  const lines = r.columns.map(
    (c) =>
      `${c.name}: ${c.resealed} re-encrypted, ${c.skipped} changed meanwhile (left as written), ${c.failed.length} could not be opened` +
      c.failed.map((f) => `\n  - id ${f.id} (key version ${f.keyVersion}): ${f.reason}`).join(""),
  );
  const versions = Object.entries(r.rowsByVersion)
    .map(([v, n]) => `version ${v}: ${n}`)
    .join(", ");
  lines.push(`Stored secrets by key version now: ${versions || "none stored"} (current: ${r.currentVersion}).`);
  if (r.previousNoLongerNeeded.length) {
    lines.push(
      `No stored secret needs previous key version(s) ${r.previousNoLongerNeeded.join(", ")} any more. Remove them from ` +
        `ENCRYPTION_PREVIOUS_KEYS when you are ready: local sessions signed with them end then (sessions last at most SESSION_TTL_HOURS).`,
    );
  }
  if (r.previousStillNeeded.length) {
    lines.push(
      `Previous key version(s) ${r.previousStillNeeded.join(", ")} are still needed: keep them and run this again.`,
    );
  }
  return lines.join("\n");
}
