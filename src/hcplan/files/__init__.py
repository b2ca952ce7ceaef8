"""Reading and writing plan files: safe YAML with positions, splicing edits into the text, atomic locked writes, and the cache."""
