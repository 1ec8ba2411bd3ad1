"""Console scripts: one module per program."""
