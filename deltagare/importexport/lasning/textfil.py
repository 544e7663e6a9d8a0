"""A streaming CSV reader for what Swedish Excel saves (semicolon, UTF-8 with BOM or
Windows-1252; tabs in UTF-16 as "Unicode text"), with every line's length bounded before the
csv module splits it: an 8 MB line of four million empty columns is refused after its first
hundred kilobytes."""

import codecs
import csv
from collections.abc import Iterator

from .granser import Granser, Lasfel, kolumnbokstav

LASBIT = 1024 * 1024
# Lines looked at for the separator.
SOKTA_LINJER = 10


def _kodning(sokvag: str) -> str:
    """UTF-16 or UTF-32 by their byte order mark (Excel's "Unicode text" is UTF-16 with one,
    which names it beyond doubt); UTF-8 if the whole file decodes as UTF-8 (checked as a
    stream); else Windows-1252, the code page Excel on Windows saves "CSV" in."""
    avkodare = codecs.getincrementaldecoder("utf-8")()
    with open(sokvag, "rb") as fil:
        forsta = fil.read(4096)
        if not forsta:
            raise Lasfel("tom")
        if forsta.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            return "utf-32"
        if forsta.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # The codec reads the mark, and the byte order with it, and drops it.
            return "utf-16"
        if b"\x00" in forsta:
            raise Lasfel("ingen_textfil")
        fil.seek(0)
        try:
            while bit := fil.read(LASBIT):
                avkodare.decode(bit)
            avkodare.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


class Textlasare:
    def __init__(self, sokvag: str, granser: Granser):
        self.sokvag, self.granser = sokvag, granser
        self.kodning = _kodning(sokvag)
        self.radbredd = 0

    def _linjer(self, fil, rakning: list[int]) -> Iterator[str]:
        grans = self.granser.max_radbytes
        while True:
            linje = fil.readline(grans + 1)
            if not linje:
                return
            rakning[1] += len(linje)
            if rakning[1] > grans:
                # One record (a line, or a quoted cell spanning lines) longer than a full row.
                raise Lasfel("for_lang_rad", blad="", rad=rakning[0] + 1, grans=self.granser.max_kolumner)
            yield linje

    def _avgransare(self, fil) -> str:
        """The separator most used on the first non-blank lines (a title line above the
        headers, or blank lines, do not decide it), each line read within its limit."""
        grans = self.granser.max_radbytes
        rakning = dict.fromkeys((";", ",", "\t"), 0)
        lasta = 0
        while lasta < SOKTA_LINJER:
            linje = fil.readline(grans + 1)
            if not linje or len(linje) > grans:
                # The end, or a line too long: the reader refuses it with its record number.
                break
            if linje.strip():
                lasta += 1
                for tecken in rakning:
                    rakning[tecken] += linje.count(tecken)
        return max(rakning, key=rakning.get)

    def rader(self) -> Iterator[tuple[int, list]]:
        """(record number, values) of every record with a value, trailing empty cells left
        out. radbredd: the width of the record last read, empty cells and all."""
        granser = self.granser
        with open(self.sokvag, encoding=self.kodning, errors="replace", newline="") as fil:
            avgransare = self._avgransare(fil)
            fil.seek(0)
            # [records read, characters of the record being read]
            rakning = [0, 0]
            lasare = csv.reader(self._linjer(fil, rakning), delimiter=avgransare)
            while True:
                try:
                    rad = next(lasare)
                except StopIteration:
                    return
                except csv.Error:
                    raise Lasfel("skadad_text", rad=rakning[0] + 1) from None
                rakning[0] += 1
                rakning[1] = 0
                nummer = rakning[0]
                self.radbredd = len(rad)
                for index, varde in enumerate(rad):
                    if len(varde) > granser.max_celltecken:
                        raise Lasfel("for_lang_cell", blad="", cell=f"{kolumnbokstav(index)}{nummer}", grans=granser.max_celltecken)
                while rad and not rad[-1].strip():
                    rad.pop()
                if len(rad) > granser.max_kolumner:
                    raise Lasfel(
                        "kolumn_utanfor", blad="", cell=f"{kolumnbokstav(len(rad) - 1)}{nummer}", grans=granser.max_kolumner
                    )
                if rad:
                    yield nummer, rad
                if nummer > granser.max_rader + 1:
                    raise Lasfel("for_manga_rader", blad="", grans=granser.max_rader)
