/**
 * When to try a failed delivery again: exponential (1, 2, 4, 8, 16 minutes) with jitter, so many
 * messages that failed together (a receiver that was down) do not all come back in the same second.
 * After MAX_ATTEMPTS tries the message is dead-lettered: about half an hour of retries in all.
 */
export const MAX_ATTEMPTS = 6;
export const BASE_DELAY_MS = 60_000;
export const MAX_DELAY_MS = 60 * 60_000;

/** Delay after failed attempt number `attempt` (1-based); `random` in [0, 1) picks the jitter. */
export function retryDelayMs(attempt: number, random: number = Math.random()): number {
  const exponential = Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1), MAX_DELAY_MS);
  // "Equal jitter": between half and all of the exponential delay.
  return Math.round(exponential / 2 + (exponential / 2) * random);
}
