"""What a run needs of the operating system: atomic folder swaps, the publish lock, signals."""
