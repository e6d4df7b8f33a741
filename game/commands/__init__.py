"""What the ``balloon`` subcommands print: the only headless code that uses Rich."""
