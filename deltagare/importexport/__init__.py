"""Excel import and export of participants (docs/regler.md §4): the column contract, a bounded
streaming reader in a child process, the staged all-or-nothing write through the task queue,
preview, history and undo, and the template with drop-downs."""
