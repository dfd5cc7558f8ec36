"""An animation's default frame count, rate and size; Qt-free, so the CLI's parser reads them cheaply."""

DEFAULT_FRAMES, DEFAULT_FPS = 60, 20
DEFAULT_SIZE = (1280, 720)
