"""A streaming xlsx reader with bounded memory.

Why not a library: python-calamine (the fastest reader) loads a whole sheet into memory
(about 1.3 KB per row of 17 columns, measured) and allocates the sheet's declared area, which
is how a 1.8 KB file with a cell at XFD1048576 asked for 512 GiB; openpyxl's read-only mode
streams but is about nine times slower; ElementTree's iterparse about three times. This
reader checks the zip before inflating anything, parses the small parts (workbook, relations,
styles) with ElementTree and the sheet rows with regular expressions over a bounded buffer, so
its memory does not grow with the file (shared strings are kept packed, a few bytes each).

Every limit is checked before the thing it limits is built: members, unpacked sizes and
compression ratios from the zip directory; a sheet's <dimension>; each row's length in bytes,
its columns and each cell's length as the row is read.
"""

import array
import codecs
import datetime
import functools
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from .granser import FORMEL_UTAN_VARDE, Granser, Lasfel, kolumnbokstav

XLSX_SIGNATUR = b"PK\x03\x04"
OLE_SIGNATUR = b"\xd0\xcf\x11\xe0"  # .xls, or an xlsx encrypted with a password
MAX_DELAR = 2000
# Workbook, relations and styles are small; a larger one is not an Excel file we can read.
MAX_LITEN_DEL = 20 * 1024 * 1024
# Compression ratios are judged on members large enough to matter.
KVOT_FRAN_BYTES = 1024 * 1024
LASBIT = 1024 * 1024

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_STRICT_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
EXPORTBLAD = "Exportinfo"


def _lokal(tag: str) -> str:
    # Transitional and strict OOXML differ in namespace URIs only.
    return tag.rsplit("}", 1)[-1]


def kolumnindex(bokstaver: str) -> int:
    index = 0
    for tecken in bokstaver:
        index = index * 26 + ord(tecken) - 64
    return index - 1


@dataclass
class Blad:
    namn: str
    sokvag: str
    dolt: bool


@dataclass
class Arbetsbok:
    blad: list[Blad]
    delade_strangar: str | None
    stilar: str | None
    datum1904: bool = False
    datumstilar: set[int] = field(default_factory=set)


# --- the zip -------------------------------------------------------------------------------------


def oppna(sokvag: str, granser: Granser) -> zipfile.ZipFile:
    with open(sokvag, "rb") as fil:
        borjan = fil.read(8)
    if not borjan:
        raise Lasfel("tom")
    if borjan.startswith(OLE_SIGNATUR):
        raise Lasfel("ole")
    if not borjan.startswith(XLSX_SIGNATUR):
        raise Lasfel("inte_xlsx")
    try:
        zipfil = zipfile.ZipFile(sokvag)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Lasfel("skadad") from None
    delar = zipfil.infolist()
    if len(delar) > MAX_DELAR:
        raise Lasfel("for_manga_delar", antal=len(delar))
    totalt = 0
    for del_ in delar:
        if del_.flag_bits & 0x1:
            raise Lasfel("ole")
        totalt += del_.file_size
        if del_.file_size > granser.max_opackat or totalt > granser.max_opackat:
            raise Lasfel("for_stor_opackad", mb=granser.max_opackat // (1024 * 1024))
        if del_.file_size > KVOT_FRAN_BYTES and del_.file_size > granser.max_kompression * max(del_.compress_size, 1):
            raise Lasfel("kompression", kvot=del_.file_size // max(del_.compress_size, 1), grans=granser.max_kompression)
    return zipfil


def _liten_del(zipfil: zipfile.ZipFile, namn: str) -> ET.Element | None:
    try:
        info = zipfil.getinfo(namn)
    except KeyError:
        return None
    if info.file_size > MAX_LITEN_DEL:
        raise Lasfel("skadad")
    try:
        with zipfil.open(info) as del_:
            return ET.fromstring(del_.read(MAX_LITEN_DEL + 1))
    except (ET.ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise Lasfel("skadad") from None


def _relationer(zipfil: zipfile.ZipFile, del_: str) -> dict[str, tuple[str, str]]:
    """Id → (type, part path) of a part's relationships."""
    katalog, _, namn = del_.rpartition("/")
    rot = _liten_del(zipfil, f"{katalog}/_rels/{namn}.rels" if katalog else f"_rels/{namn}.rels")
    relationer = {}
    for rel in [] if rot is None else rot:
        mal = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        if mal.startswith("/"):
            sokvag = mal.lstrip("/")
        else:
            delar = (katalog.split("/") if katalog else []) + mal.split("/")
            stack: list[str] = []
            for bit in delar:
                if bit == "..":
                    if stack:
                        stack.pop()
                elif bit and bit != ".":
                    stack.append(bit)
            sokvag = "/".join(stack)
        relationer[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], sokvag)
    return relationer


# Number formats Excel builds in that show a date or time.
INBYGGDA_DATUMFORMAT = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_CITAT = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _ar_datumformat(kod: str) -> bool:
    kod = _CITAT.sub("", kod).lower()
    return kod not in ("general", "") and any(tecken in kod for tecken in "dmyhs")


def _datumstilar(zipfil: zipfile.ZipFile, sokvag: str | None) -> set[int]:
    rot = _liten_del(zipfil, sokvag) if sokvag else None
    if rot is None:
        return set()
    egna: dict[int, bool] = {}
    stilar: list[int] = []
    for element in rot:
        namn = _lokal(element.tag)
        if namn == "numFmts":
            for format_ in element:
                try:
                    egna[int(format_.get("numFmtId", ""))] = _ar_datumformat(format_.get("formatCode", ""))
                except ValueError:
                    continue
        elif namn == "cellXfs":
            for xf in element:
                try:
                    stilar.append(int(xf.get("numFmtId", "0")))
                except ValueError:
                    stilar.append(0)
    return {
        index
        for index, format_id in enumerate(stilar)
        if egna.get(format_id, format_id in INBYGGDA_DATUMFORMAT)
    }


def arbetsbok(zipfil: zipfile.ZipFile) -> Arbetsbok:
    """The sheets in workbook order (chart sheets left out), the shared strings and styles."""
    rot_rel = _relationer(zipfil, "")
    bok_sokvag = next((mal for typ, mal in rot_rel.values() if typ == "officeDocument"), "xl/workbook.xml")
    bok = _liten_del(zipfil, bok_sokvag)
    if bok is None:
        raise Lasfel("skadad")
    relationer = _relationer(zipfil, bok_sokvag)
    blad = []
    datum1904 = False
    for element in bok:
        namn = _lokal(element.tag)
        if namn == "workbookPr":
            datum1904 = element.get("date1904", "0").lower() in ("1", "true")
        elif namn == "sheets":
            for sheet in element:
                rid = sheet.get(f"{{{REL_NS}}}id") or sheet.get(f"{{{REL_STRICT_NS}}}id") or ""
                typ, sokvag = relationer.get(rid, ("", ""))
                if typ == "worksheet" and sokvag in zipfil.NameToInfo:
                    blad.append(Blad(sheet.get("name", ""), sokvag, sheet.get("state", "visible") != "visible"))
    delade = next((mal for typ, mal in relationer.values() if typ == "sharedStrings"), None)
    stilar = next((mal for typ, mal in relationer.values() if typ == "styles"), None)
    return Arbetsbok(
        blad=blad,
        delade_strangar=delade if delade in zipfil.NameToInfo else None,
        stilar=stilar,
        datum1904=datum1904,
        datumstilar=_datumstilar(zipfil, stilar),
    )


# --- shared strings ------------------------------------------------------------------------------


class DeladeStrangar:
    """The workbook's string table, packed: UTF-8 in one buffer and an offset per string,
    a few bytes each instead of a Python object each (a file of 1,000,000 unique IDs)."""

    def __init__(self):
        self._data = bytearray()
        self._slut = array.array("Q")

    def lagg_till(self, text: str) -> None:
        # surrogatepass: a lone surrogate (_xD800_) is kept as it is, for the row check to
        # refuse in its cell, rather than refusing the whole file here.
        self._data += text.encode("utf-8", "surrogatepass")
        self._slut.append(len(self._data))

    def __getitem__(self, index: int) -> str:
        borjan = self._slut[index - 1] if index else 0
        return self._data[borjan : self._slut[index]].decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self._slut)


def delade_strangar(zipfil: zipfile.ZipFile, sokvag: str | None, granser: Granser) -> DeladeStrangar:
    tabell = DeladeStrangar()
    if sokvag is None:
        return tabell
    parser = ET.XMLPullParser(events=("start", "end"))
    rot = None
    try:
        with zipfil.open(sokvag) as del_:
            while bit := del_.read(LASBIT):
                parser.feed(bit)
                for handelse, element in parser.read_events():
                    if rot is None:
                        rot = element
                    if handelse == "start" or _lokal(element.tag) != "si":
                        continue
                    # Longer than any cell may be: kept cut, refused only if a cell uses it.
                    tabell.lagg_till(_avkoda_x(_is_text(element))[: granser.max_celltecken + 1])
                if rot is not None:
                    # Read strings are packed; the tree keeps none of them.
                    rot.clear()
            parser.close()
    except (ET.ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise Lasfel("skadad") from None
    return tabell


_X_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _avkoda_x(text: str) -> str:
    # OOXML writes control characters as _xHHHH_ (Excel's line breaks: _x000D_).
    return _X_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


# --- a sheet -------------------------------------------------------------------------------------

_ROTTAGG = re.compile(r"<(?:(\w+):)?worksheet\b[^>]*>")
_DIMENSION = re.compile(r"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
_REF = re.compile(r"([A-Z]{1,7})(\d+)$")
_RADNUMMER = re.compile(r'\br="(\d+)"')


def _monster(p: str):
    p = re.escape(p)
    rad = re.compile(rf"<{p}row\b([^>]*?)(?:/>|>(.*?)</{p}row>)", re.S)
    # Excel's attribute order (r, s, t). A plain inline string is caught whole; a formula's
    # cached value is the value, and a formula without one is told apart from an empty text
    # result: only a text result (t="str") can be empty, so no <v>, or an empty one elsewhere
    # (openpyxl writes <v></v>), means no saved result. A row where this misses a cell is read
    # the slow way.
    cell = re.compile(
        rf'<{p}c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?(?: [\w:]+="[^"]*")*\s*'
        rf"(?:/>|>(<{p}f\b[^>]*/>|<{p}f\b[^>]*>[^<]*</{p}f>)?"
        rf"(?:(<{p}v>)([^<]*)</{p}v>|<{p}is><{p}t(?: [^>]*)?>([^<]*)</{p}t></{p}is>|<{p}is>(.*?)</{p}is>)?</{p}c>)",
        re.S,
    )
    return rad, cell, (f"<{p}c ", f"<{p}c>")


_FONETIK = re.compile(r"<(\w+:)?rPh\b.*?</(\w+:)?rPh>", re.S)
_RUNTEXT = re.compile(r"<(?:\w+:)?t\b[^>]*>([^<]*)</(?:\w+:)?t>")


def _inline_text(inline: str) -> str:
    """Rich text of an inline string: the runs joined, phonetic hints (rPh) left out."""
    return _text("".join(_RUNTEXT.findall(_FONETIK.sub("", inline))))


# XML's references, not HTML's: html.unescape reads &#128; as € (HTML5 maps 0x80–0x9F through
# Windows-1252), where XML, and so Excel and calamine, mean U+0080.
_ENTITET = re.compile(r"&(?:#([0-9]+)|#x([0-9A-Fa-f]+)|(lt|gt|amp|quot|apos));")
_NAMNGIVNA = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _entitet(traff: re.Match) -> str:
    if traff.group(3):
        return _NAMNGIVNA[traff.group(3)]
    kod = int(traff.group(1)) if traff.group(1) else int(traff.group(2), 16)
    return chr(kod) if 0 < kod <= 0x10FFFF else traff.group(0)


def _text(text: str) -> str:
    if "\r" in text:
        # XML's end-of-line handling, as every XML parser does it (calamine too).
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _ENTITET.sub(_entitet, text)
    return _avkoda_x(text) if "_x" in text else text


# Dates repeat from row to row: one object per serial also lets pickle send it once per chunk.
@functools.lru_cache(maxsize=4096)
def excel_datum(serie: float, datum1904: bool) -> datetime.date | datetime.datetime | None:
    """An Excel serial date as a date (or date and time). Excel counts 1900 as a leap year,
    so serials before 1 March 1900 are one day off; none of ours is that old."""
    if not 0 < serie < 2958466:
        return None
    bas = datetime.datetime(1904, 1, 1) if datum1904 else datetime.datetime(1899, 12, 30)
    tid = bas + datetime.timedelta(days=serie)
    if tid.time() == datetime.time():
        return tid.date()
    return tid.replace(microsecond=0)


class Bladlasare:
    """Reads one sheet's rows as (row number, [values]); values are str, int, float, bool,
    date or datetime, None for an empty cell. Trailing empty cells are left out."""

    def __init__(self, zipfil, blad: Blad, bok: Arbetsbok, strangar: DeladeStrangar, granser: Granser):
        self.zipfil, self.blad, self.bok, self.strangar, self.granser = zipfil, blad, bok, strangar, granser
        self.dimension: tuple[int, int] | None = None
        self._kolumner: dict[str, int] = {}

    def _kolumn(self, bokstaver: str) -> int:
        index = self._kolumner[bokstaver] = kolumnindex(bokstaver)
        return index

    def _for_lang(self, index: int, radnummer: int) -> Lasfel:
        return Lasfel(
            "for_lang_cell", blad=self.blad.namn, cell=f"{kolumnbokstav(index)}{radnummer}", grans=self.granser.max_celltecken
        )

    def _lagg(self, rad: list, index: int, varde, radnummer: int) -> None:
        if index >= self.granser.max_kolumner:
            if varde is None or varde == "":
                return
            raise Lasfel(
                "kolumn_utanfor", blad=self.blad.namn, cell=f"{kolumnbokstav(index)}{radnummer}", grans=self.granser.max_kolumner
            )
        if index >= len(rad):
            rad.extend([None] * (index + 1 - len(rad)))
        rad[index] = varde

    def _tal(self, v: str, stil: str):
        text = v.strip()
        tal = int(text) if text.isdigit() else float(text)
        if stil and int(stil) in self.bok.datumstilar:
            return excel_datum(float(tal), self.bok.datum1904) or tal
        return tal

    def _snabb(self, celler: list[tuple], radnummer: int) -> list:
        rad: list = []
        kolumner = self._kolumner
        strangar = self.strangar
        maxlangd = self.granser.max_celltecken
        try:
            for bokstaver, stil, typ, formel, vtagg, v, enkel, inline in celler:
                index = kolumner.get(bokstaver)
                if index is None:
                    index = self._kolumn(bokstaver)
                if typ == "s":
                    varde = strangar[int(v)] if v else None
                elif typ == "inlineStr":
                    varde = _inline_text(inline) if inline else _text(enkel)
                elif not v:
                    varde = FORMEL_UTAN_VARDE if formel and (not vtagg or typ != "str") else None
                elif typ == "" or typ == "n":
                    varde = self._tal(v, stil)
                elif typ == "b":
                    varde = v.strip() in ("1", "true")
                else:
                    varde = self._annan(typ, v)
                if varde.__class__ is str and len(varde) > maxlangd:
                    raise self._for_lang(index, radnummer)
                if index == len(rad) and index < self.granser.max_kolumner:
                    rad.append(varde)
                else:
                    self._lagg(rad, index, varde, radnummer)
        except (ValueError, IndexError):
            raise Lasfel("skadad") from None
        return rad

    @staticmethod
    def _annan(typ: str, v: str):
        """A formula's text result (str), an error value such as #N/A (e), an ISO date (d)."""
        varde = _text(v)
        if typ == "d":
            try:
                tid = datetime.datetime.fromisoformat(varde)
            except ValueError:
                return varde
            return tid.date() if tid.time() == datetime.time() else tid
        return varde

    def _langsam(self, attribut: str, innehall: str, radnummer: int) -> list:
        """Any attribute order, cells without r: ElementTree on the one row."""
        try:
            element = ET.fromstring(f"{self._rot_start}<row{attribut}>{innehall}</row>{self._rot_slut}")
        except ET.ParseError:
            raise Lasfel("skadad") from None
        rad: list = []
        nasta = 0
        for cell in element.iter():
            if _lokal(cell.tag) != "c":
                continue
            ref = cell.get("r")
            traff = _REF.match(ref) if ref else None
            if ref and traff is None:
                raise Lasfel("skadad")
            index = kolumnindex(traff.group(1)) if traff else nasta
            nasta = index + 1
            typ, stil = cell.get("t", ""), cell.get("s", "")
            v = inline = None
            formel = False
            for barn in cell:
                namn = _lokal(barn.tag)
                if namn == "v":
                    v = barn.text or ""
                elif namn == "is":
                    inline = _is_text(barn)
                elif namn == "f":
                    formel = True
            try:
                if typ == "inlineStr":
                    varde = _avkoda_x(inline) if inline is not None else None
                elif not v:
                    varde = FORMEL_UTAN_VARDE if formel and (v is None or typ != "str") else None
                elif typ == "s":
                    varde = self.strangar[int(v)]
                elif typ in ("", "n"):
                    varde = self._tal(v, stil)
                elif typ == "b":
                    varde = v.strip() in ("1", "true")
                else:
                    varde = self._annan(typ, v)
            except (ValueError, IndexError):
                raise Lasfel("skadad") from None
            if isinstance(varde, str) and len(varde) > self.granser.max_celltecken:
                raise self._for_lang(index, radnummer)
            self._lagg(rad, index, varde, radnummer)
        return rad

    def rader(self) -> Iterator[tuple[int, list]]:
        granser = self.granser
        try:
            del_ = self.zipfil.open(self.blad.sokvag)
        except (KeyError, zipfile.BadZipFile, OSError):
            raise Lasfel("skadad") from None
        avkodare = codecs.getincrementaldecoder("utf-8")(errors="replace")
        with del_:
            buffert = ""
            sista_rad = 0
            radmonster = cellmonster = cellstart = datastopp = None
            klar = False
            while not klar:
                try:
                    bit = del_.read(LASBIT)
                except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                    raise Lasfel("skadad") from None
                buffert += avkodare.decode(bit, final=not bit)
                if radmonster is None:
                    rot = _ROTTAGG.search(buffert)
                    if rot is None:
                        if len(buffert) > 64 * 1024 or not bit:
                            raise Lasfel("skadad")
                        continue
                    prefix = rot.group(1) + ":" if rot.group(1) else ""
                    self._rot_start = rot.group(0)
                    self._rot_slut = f"</{prefix}worksheet>"
                    radmonster, cellmonster, cellstart = _monster(prefix)
                    datastopp = f"</{prefix}sheetData>"
                    self._kontrollera_dimension(buffert)
                # What follows the rows (merged cells, links, validations) is not read.
                stopp = buffert.find(datastopp)
                if stopp >= 0:
                    buffert, klar = buffert[:stopp], True
                elif not bit:
                    klar = True
                behandlat = 0
                for traff in radmonster.finditer(buffert):
                    behandlat = traff.end()
                    attribut, innehall = traff.groups()
                    nummer = _RADNUMMER.search(attribut)
                    radnummer = int(nummer.group(1)) if nummer else sista_rad + 1
                    if radnummer <= sista_rad:
                        raise Lasfel("skadad")
                    sista_rad = radnummer
                    if radnummer > granser.max_rader + 1:
                        raise Lasfel("for_manga_rader", blad=self.blad.namn, grans=granser.max_rader)
                    if not innehall:
                        continue
                    if len(innehall) > granser.max_radbytes:
                        raise Lasfel("for_lang_rad", blad=self.blad.namn, rad=radnummer, grans=granser.max_kolumner)
                    celler = cellmonster.findall(innehall)
                    if len(celler) == innehall.count(cellstart[0]) + innehall.count(cellstart[1]):
                        rad = self._snabb(celler, radnummer)
                    else:
                        rad = self._langsam(attribut, innehall, radnummer)
                    while rad and (rad[-1] is None or rad[-1] == ""):
                        rad.pop()
                    if rad:
                        yield radnummer, rad
                buffert = buffert[behandlat:]
                if len(buffert) > granser.max_radbytes + LASBIT:
                    raise Lasfel("for_lang_rad", blad=self.blad.namn, rad=sista_rad + 1, grans=granser.max_kolumner)

    def _kontrollera_dimension(self, huvud: str) -> None:
        traff = _DIMENSION.search(huvud)
        if traff is None:
            return
        kolumn, rad = traff.group(3) or traff.group(1), traff.group(4) or traff.group(2)
        kolumner, rader = kolumnindex(kolumn) + 1, int(rad)
        self.dimension = (rader, kolumner)
        if kolumner > self.granser.max_kolumner or rader > self.granser.max_rader + 1:
            raise Lasfel(
                "dimension",
                blad=self.blad.namn,
                cell=f"{kolumn}{rader}",
                kolumner=kolumner,
                rader=rader,
                max_kolumner=self.granser.max_kolumner,
                max_rader=self.granser.max_rader,
            )


def _is_text(element: ET.Element) -> str:
    # Rich text runs are joined; phonetic hints (rPh) are not part of the value.
    delar = []
    for barn in element:
        namn = _lokal(barn.tag)
        if namn == "t":
            delar.append(barn.text or "")
        elif namn == "r":
            delar.extend(t.text or "" for t in barn if _lokal(t.tag) == "t")
    return "".join(delar)
