// Preloaded (node --import) into every service the local launcher starts. The launcher opens
// an IPC channel to each service; if the launcher disappears without stopping it (killed with
// SIGKILL, a crashed terminal), the channel closes and the service shuts down exactly as on
// SIGTERM. The channel is unreferenced so it never keeps a service alive by itself.
if (process.channel) {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.channel.unref();
}
