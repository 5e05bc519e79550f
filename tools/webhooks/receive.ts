import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

/**
 * A local webhook receiver for trying deliveries by hand: it prints every delivery, says whether
 * its Standard Webhooks signature verifies with `WEBHOOK_SECRET` (the `whsec_…` shown when the
 * endpoint was created), and answers 204. Local targets need `WEBHOOKS_ALLOW_PRIVATE=true`,
 * which `npm start` sets.
 *
 *   WEBHOOK_SECRET=whsec_… npm run webhooks:receive -- --port 4000
 */
const portArg = process.argv.indexOf('--port');
const port = Number(portArg > 0 ? process.argv[portArg + 1] : 4000);
const secret = process.env.WEBHOOK_SECRET;
const verifier = secret ? new Webhook(secret) : null;
const MAX_BODY = 256 * 1024;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(req.headers[h] ?? '')]));
    let verdict = 'not checked (set WEBHOOK_SECRET)';
    if (verifier) {
      try {
        verifier.verify(body, headers);
        verdict = 'signature verified';
      } catch (err) {
        verdict = `signature REJECTED: ${(err as Error).message}`;
      }
    }
    console.log(`${new Date().toISOString()} ${req.method} ${req.url} id=${headers['webhook-id']} ${verdict}\n${body}\n`);
    res.writeHead(204).end();
  });
});
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/ — register it as an endpoint's URL`));
