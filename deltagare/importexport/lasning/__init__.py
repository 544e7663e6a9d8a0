"""Reading an uploaded file without letting it hurt the process that reads it.

Nothing here imports Django: the readers run in a child process with a memory and CPU limit
(barnprocess.py), and report problems as Lasfel codes that the parent turns into Swedish
messages. Both readers stream: rows are handed on in chunks and never held all at once.
"""

from .granser import Granser, Lasfel

__all__ = ["Granser", "Lasfel"]
