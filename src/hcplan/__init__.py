"""hcplan: a council's hate crime work plan as one YAML file, and the tools over it."""

__version__ = "0.1.0"
