// Run by `usmart shell` after usmart.jsh and before banner.jsh (not by the kernel): connects the kit as
// the command line decided (a local sandbox, a profile, a running sandbox), having checked the settings.
io.github.usmartkit.cli.AgentConnect.fromProperties();
