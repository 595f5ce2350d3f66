// Run first by `usmart shell` (not by the kernel): starts connecting the kit as the command line decided
// (a local sandbox, a profile, a running sandbox), the settings checked already; it goes on while JShell
// compiles the start-up imports, and banner.jsh waits for it.
io.github.usmartkit.cli.AgentConnect.start();
