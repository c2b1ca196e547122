// The installed cabin has no separate Node (Electron's RunAsNode fuse is off): `/usr/bin/cabine doctor`
// runs `/opt/Cabine/cabine --cli doctor`, and the Electron main process hands those arguments to
// runCli() before creating any window:
//
//   const cliArgs = cliArgsFrom(process.argv);
//   if (cliArgs) { app.exit(await runCli(cliArgs, processIo())); }   // no window, no renderer
export function cliArgsFrom(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at === -1 ? null : argv.slice(at + 1);
}
