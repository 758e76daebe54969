/** True when `prefix` is the model itself or the model continues it after a dash (a dated snapshot). */
export function prefixMatches(model: string, prefix: string): boolean {
  return model === prefix || model.startsWith(`${prefix}-`);
}

/** The entry with the longest matching prefix, so `gpt-4o-mini-2024-07-18` is gpt-4o-mini, not gpt-4o. */
export function longestPrefix<T>(model: string, entries: readonly T[], prefixOf: (e: T) => string): T | null {
  let best: T | null = null;
  for (const e of entries) {
    if (prefixMatches(model, prefixOf(e)) && (!best || prefixOf(e).length > prefixOf(best).length)) best = e;
  }
  return best;
}

/** A dated snapshot suffix: -2024-08-06, -20250929, -0613. */
export const SNAPSHOT_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/;
export const SNAPSHOT_SUFFIX_SQL = "^-([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8}|[0-9]{4})$";

/**
 * True when `model` is `name` or a dated snapshot of it: `gpt-4o` covers `gpt-4o-2024-08-06` but
 * not `gpt-4o-mini` (another model), `claude-sonnet-4` not `claude-sonnet-4-5-20250929`.
 */
export function isSnapshotOf(model: string, name: string): boolean {
  return model === name || (model.startsWith(`${name}-`) && SNAPSHOT_SUFFIX.test(model.slice(name.length)));
}
