"""Training networks: the settings of a run (config), what it reports (records), the loop that
trains (trainer), the bounded history of its records (history), the child process the window
trains in and its messages (process, messages), runs in lockstep (lockstep), comparisons and
their exports (experiment), and the notes' epoch loop on image data (image_trainer).

Import from the submodule you need: records and history do not load torch.
"""
