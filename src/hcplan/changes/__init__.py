"""Changes to plan files: an update after a meeting, proved to change only what was asked before it is written."""
