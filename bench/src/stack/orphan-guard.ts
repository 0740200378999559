// Preloaded (--import) into every process the harness starts. Each child is
// spawned with an IPC channel; when the harness goes away, however it goes
// (Ctrl-C, a crash, kill -9), the channel closes and the child shuts itself
// down: SIGINT first (the apps' own quick shutdown), a hard exit if that hangs.
// No orphans holding ports, database connections or Redis subscriptions.
if (process.channel) {
  // The channel must not keep an otherwise finished process alive.
  process.channel.unref();
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), 5_000).unref();
    process.kill(process.pid, 'SIGINT');
  });
}
