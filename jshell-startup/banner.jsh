// Printed by `bin/usmart shell` after usmart.jsh (not used by the kernel: it is not imports-only).
System.out.println(banner() + " /exit leaves.");
