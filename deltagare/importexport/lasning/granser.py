"""The limits a file must keep, and the one way a reader says it did not."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Granser:
    max_filstorlek: int = 50 * 1024 * 1024
    max_rader: int = 1_100_000
    max_kolumner: int = 100
    max_celltecken: int = 1000
    max_opackat: int = 1024 * 1024 * 1024
    max_kompression: int = 200
    minne: int = 768 * 1024 * 1024
    cpu_s: int = 300

    @property
    def max_radbytes(self) -> int:
        """One row's XML or CSV line: every column full, with room for the markup."""
        return self.max_kolumner * (self.max_celltecken + 200)


class FormelUtanVarde:
    """A formula cell without a saved result (a file written by a program, never opened and
    saved in Excel): its value is unknown, which is not the same as empty. One instance, also
    after it crosses the pipe from the reading child."""

    __slots__ = ()

    def __reduce__(self):
        return "FORMEL_UTAN_VARDE"

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "FORMEL_UTAN_VARDE"


FORMEL_UTAN_VARDE = FormelUtanVarde()


class Lasfel(Exception):
    """A file the reader refuses. kod names the reason; the parent words it (lasfel_text)."""

    def __init__(self, kod: str, **varden):
        super().__init__(kod, varden)
        self.kod = kod
        self.varden = varden


def kolumnbokstav(index: int) -> str:
    """0 → A, 26 → AA: how Excel names a column."""
    namn = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        namn = chr(65 + rest) + namn
    return namn
