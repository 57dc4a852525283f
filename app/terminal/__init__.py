"""Terminal subcommands of ``fireside``: the same core as the window, no Qt."""
