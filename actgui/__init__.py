"""ActGUI: an explorer for activation functions, initialisation and training dynamics."""

__version__ = "0.1.0"
