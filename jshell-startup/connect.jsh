// Run first by `usmart shell` (not by the kernel) when the kit's classes are not in its jar: starts
// connecting the kit as the command line decided (a local sandbox, a profile, a running sandbox), the
// settings checked already; it goes on while JShell compiles the start-up imports, and banner.jsh waits
// for it. From the jar, AgentConnect.premain starts it with the snippets' JVM and this is not run.
io.github.usmartkit.cli.AgentConnect.start();
