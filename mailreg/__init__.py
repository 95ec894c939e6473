"""mailreg: registration by email for Danish library leadership networks."""

__version__ = "0.1.0"
