"""The plan format: what a plan is (the models), what its due times and dates mean, and its JSON Schema.

The lowest layer: it knows nothing of files, checks or output.
"""
