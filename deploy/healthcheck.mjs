// Container health probe used by the image HEALTHCHECK and by docker-compose.
// GET http://127.0.0.1:<port><path> and exit 0 on a 2xx answer, 1 otherwise.
//   port: GATEWAY_OPS_PORT (gateway: its operations port) or HTTP_PORT (backend services)
//   path: first argument, default /health/live
// Node's own fetch keeps the runtime image free of curl/wget.
const port = process.env.GATEWAY_OPS_PORT || process.env.HTTP_PORT;
const path = process.argv[2] || '/health/live';
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS) || 2000;

if (!port) {
  console.error('healthcheck: neither GATEWAY_OPS_PORT nor HTTP_PORT is set');
  process.exit(1);
}

try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: globalThis.AbortSignal.timeout(timeoutMs) });
  if (!res.ok) console.error(`healthcheck: ${path} answered ${res.status}`);
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  console.error(`healthcheck: ${path} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
