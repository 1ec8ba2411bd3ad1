"""Multi-step operations the conductor runs, one module each."""
