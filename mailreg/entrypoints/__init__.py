"""Entry points: the command line, the scheduler, the demo."""
