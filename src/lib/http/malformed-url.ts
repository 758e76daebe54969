/**
 * A path whose percent-encoding does not decode (`%FF`, `%E0%A4%A`, a lone surrogate's bytes)
 * makes Next's route matcher throw before any handler runs, and the visitor gets a bare 500. The
 * proxy answers such requests with a 400 instead.
 */
export function hasMalformedPercentEncoding(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}
