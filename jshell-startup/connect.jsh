// Run first by `usmart shell` (not by the kernel): starts connecting the kit as the command line decided
// (a local sandbox, a profile, a running sandbox), the settings checked already; it goes on while JShell
// compiles the start-up imports, and banner.jsh waits for it. From the kit's jar, AgentConnect.premain
// has started it with the snippets' JVM already (this then does nothing).
io.github.usmartkit.cli.AgentConnect.start();
