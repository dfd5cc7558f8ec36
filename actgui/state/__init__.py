"""Qt-free state objects: every setting a panel shows, with defaults, checks and (de)serialisation."""
