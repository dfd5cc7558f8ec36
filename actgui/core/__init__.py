"""Qt-free core: registries, numerics and training. Imports torch and numpy only."""
