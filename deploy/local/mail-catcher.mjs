// The local mail catcher `npm start` runs when SMTP_URL is not set: MailDev (an SMTP server
// that keeps every mail, and a web page listing them), on loopback only. Notifications then
// sends its mail there; nothing leaves the machine.

const SMTP_PORT = Number(process.env.MAIL_CATCHER_SMTP_PORT || 1025);
const WEB_PORT = Number(process.env.MAIL_CATCHER_WEB_PORT || 1080);

/**
 * `{ env, note, stop }`: the SMTP_URL for the services and where to read the mail. With
 * SMTP_URL set, mail goes there and nothing is started.
 */
export async function ensureMailCatcher(env = process.env) {
  if (env.SMTP_URL) return { env: {}, note: `mail goes to SMTP_URL`, stop: async () => undefined };
  const { MailDev } = await import('maildev');
  const maildev = new MailDev({ smtp: SMTP_PORT, ip: '127.0.0.1', web: WEB_PORT, webIp: '127.0.0.1', silent: true, maxEmails: 500 });
  await maildev.start();
  return {
    env: { SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}` },
    note: `mail is caught locally: http://127.0.0.1:${WEB_PORT}/`,
    webUrl: `http://127.0.0.1:${WEB_PORT}/`,
    stop: () => maildev.stop(),
  };
}
