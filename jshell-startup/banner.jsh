// Printed by `bin/usmart shell` after usmart.jsh (not used by the kernel: it is not imports-only),
// once the connection AgentConnect started is made (its error, if any, is the shell's first message).
// One snippet, not two: each costs JShell's compiler time before the first prompt.
{ io.github.usmartkit.cli.AgentConnect.await(); System.out.println(banner() + " /exit leaves."); }
