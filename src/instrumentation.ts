/**
 * Runs once when the server starts; the Node-only part makes a production server with unsafe
 * settings refuse to start, naming each problem, instead of failing on the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
