// Printed by `bin/usmart shell` after usmart.jsh (not used by the kernel: it is not imports-only),
// once the connection connect.jsh started is made (its error, if any, is the shell's first message).
io.github.usmartkit.cli.AgentConnect.await();
System.out.println(banner() + " /exit leaves.");
