"""An example ActGUI plugin: the squareplus activation and a checkerboard data set."""
