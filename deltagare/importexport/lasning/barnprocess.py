"""Reading a file in a child process under a memory and CPU limit.

The parent (a task worker, or the import command) starts `python -m` this module; the child
sets its own limits (RLIMIT_AS, RLIMIT_CPU) before it opens the file, reads the sheets' header
rows, waits for the parent to say which sheets to read, and then streams their rows back in
chunks over its stdout. A file that needs too much memory or time kills the child, never the
parent: the parent sees the child gone and refuses the file with a message (docs/regler.md §4).
The pipe is bounded, so a child that reads faster than the parent checks waits for it.

The child imports nothing from Django (it starts in a fraction of a second) and speaks in
Lasfel codes; the parent words them in Swedish.
"""

import dataclasses
import itertools
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from .granser import Granser, Lasfel

ROT = Path(__file__).resolve().parents[3]
BIT = 1000  # rows per message
MAX_BLAD = 100
# A sheet's header row is looked for among its first non-empty rows (a title may stand above
# it); the parent chooses (granskning.valj_rubrikrader). The rows after each sheet's first are
# sent while the characters they hold stay within MAX_SOKTECKEN for the whole file, so a
# hundred sheets of long rows cannot make the overview large.
SOKTA_RADER = 10
MAX_SOKTECKEN = 1_000_000
# Wall-clock time per CPU second allowed before the parent stops a child that waits on nothing.
VAGGKLOCKA_PER_CPU_S = 3


# --- the child -----------------------------------------------------------------------------------


def _skicka(ut, meddelande) -> None:
    pickle.dump(meddelande, ut, protocol=pickle.HIGHEST_PROTOCOL)
    ut.flush()


def _satt_granser(granser: Granser) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (granser.minne, granser.minne))
    # The soft limit sends SIGXCPU, which ends the process; the hard one is the backstop.
    resource.setrlimit(resource.RLIMIT_CPU, (granser.cpu_s, granser.cpu_s + 5))


def _bitar(rader: Iterator[tuple[int, list]]) -> Iterator[list]:
    bit = []
    for rad in rader:
        bit.append(rad)
        if len(bit) >= BIT:
            yield bit
            bit = []
    if bit:
        yield bit


def _forsta_rader(rader: Iterator[tuple[int, list]], budget: list[int]) -> list[tuple[int, list]]:
    """A sheet's first non-empty rows: at most SOKTA_RADER, and only the first once the
    file's budget of characters is spent. A row read is kept (the csv reader goes on from
    where this stops)."""
    forsta: list[tuple[int, list]] = []
    for nummer, rad in rader:
        forsta.append((nummer, rad))
        budget[0] -= sum(len(v) for v in rad if isinstance(v, str))
        if len(forsta) >= SOKTA_RADER or budget[0] < 0:
            break
    return forsta


def _blad(namn: str, dolt: bool, forsta: list[tuple[int, list]], sista_rad: int) -> dict:
    """A sheet in the overview: its first non-empty row as the header row until the parent
    chooses another of forsta_rader. sista_rad: the last row by the sheet's <dimension>."""
    rubrikrad, rubriker = forsta[0] if forsta else (1, [])
    return {
        "namn": namn,
        "dolt": dolt,
        "rubriker": rubriker,
        "rubrikrad": rubrikrad,
        "forsta_rader": forsta,
        "sista_rad": sista_rad,
        # The rows below the header, as the sheet's <dimension> gives them (0: not known).
        "rader": max(0, sista_rad - rubrikrad),
    }


def _las_xlsx(sokvag: str, granser: Granser, in_, ut) -> None:
    from .xlsx import EXPORTBLAD, Bladlasare, arbetsbok, delade_strangar, oppna

    zipfil = oppna(sokvag, granser)
    bok = arbetsbok(zipfil)
    strangar = delade_strangar(zipfil, bok.delade_strangar, granser)
    lasare = []
    exportinfo = None
    oversikt = []
    budget = [MAX_SOKTECKEN]
    for blad in bok.blad:
        las = Bladlasare(zipfil, blad, bok, strangar, granser)
        if blad.namn == EXPORTBLAD and blad.dolt:
            exportinfo = las
            continue
        if len(lasare) >= MAX_BLAD:
            raise Lasfel("for_manga_blad", grans=MAX_BLAD)
        forsta = _forsta_rader(las.rader(), budget)
        lasare.append(las)
        oversikt.append(_blad(blad.namn, blad.dolt, forsta, (las.dimension or (0, 0))[0]))
    exporterad = None
    if exportinfo is not None:
        forsta = next(exportinfo.rader(), None)
        if forsta is not None and len(forsta[1]) >= 3 and forsta[1][0] == "Deltagaruppföljning":
            exporterad = forsta[1][2]
        else:
            exportinfo = None
    _skicka(ut, ("oversikt", {"typ": "xlsx", "blad": oversikt, "exporterad": exporterad, "datum1904": bok.datum1904}))
    order = pickle.load(in_)
    if order[0] != "las":
        return
    _typ, valda, med_export, rubrikrader = order
    totalt = 0
    for index in valda:
        rubrikrad = rubrikrader.get(index, oversikt[index]["rubrikrad"])
        rader = ((nummer, rad) for nummer, rad in lasare[index].rader() if nummer > rubrikrad)
        for bit in _bitar(rader):
            totalt += len(bit)
            if totalt > granser.max_rader:
                raise Lasfel("for_manga_rader", blad=lasare[index].blad.namn, grans=granser.max_rader)
            _skicka(ut, ("rader", index, bit))
    if med_export and exportinfo is not None:
        for bit in _bitar((nummer, rad) for nummer, rad in exportinfo.rader() if nummer > 1):
            _skicka(ut, ("export", bit))
    _skicka(ut, ("klart", {"toppminne_kb": _toppminne_kb()}))


def _uppskattade_rader(sokvag: str, kodning: str, forsta: list[tuple[int, list]], rubrikrad: int) -> int:
    """The rows below the header of a CSV file, estimated from its size and the length of its
    first rows (a text file has no row count to read, as a sheet's <dimension> is): the
    preview's progress then moves as the rows are read, and ends exact."""
    if len(forsta) < 2:
        return 0
    tecken = sum(sum(len(str(v)) + 1 for v in rad) + 1 for _nummer, rad in forsta[1:]) / (len(forsta) - 1)
    bytes_per_tecken = {"utf-16": 2, "utf-32": 4}.get(kodning, 1)
    return max(0, round(os.path.getsize(sokvag) / (tecken * bytes_per_tecken)) - rubrikrad)


def _las_csv(sokvag: str, granser: Granser, in_, ut) -> None:
    import csv

    from .textfil import Textlasare

    # A quoted cell spanning lines is bounded too (the reader counts whole records as well).
    csv.field_size_limit(granser.max_radbytes)
    lasare = Textlasare(sokvag, granser)
    rader = lasare.rader()
    # The width of each row looked at as a header, empty cells and all: a row below the
    # header with more values than that is refused.
    bredder = {}

    def med_bredd():
        for nummer, rad in rader:
            bredder[nummer] = lasare.radbredd
            yield nummer, rad

    forsta = _forsta_rader(med_bredd(), [MAX_SOKTECKEN])
    if not forsta:
        raise Lasfel("tom")
    blad = _blad("", False, forsta, 0)
    blad["rader"] = _uppskattade_rader(sokvag, lasare.kodning, forsta, blad["rubrikrad"])
    _skicka(ut, ("oversikt", {"typ": "csv", "blad": [blad], "exporterad": None}))
    order = pickle.load(in_)
    if order[0] != "las" or 0 not in order[1]:
        return
    rubrikrad = order[3].get(0, blad["rubrikrad"])
    bredd = bredder.get(rubrikrad, granser.max_kolumner)
    for bit in _bitar(_under_rubriken(itertools.chain(forsta, rader), rubrikrad, bredd)):
        _skicka(ut, ("rader", 0, bit))
    _skicka(ut, ("klart", {"toppminne_kb": _toppminne_kb()}))


def _under_rubriken(rader: Iterator[tuple[int, list]], rubrikrad: int, bredd: int) -> Iterator[tuple[int, list]]:
    for nummer, rad in rader:
        if nummer <= rubrikrad:
            continue
        if len(rad) > bredd:
            raise Lasfel("fler_varden_an_rubriker", rad=nummer)
        yield nummer, rad


def _toppminne_kb() -> int:
    """This process's peak resident memory since it started (VmHWM; ru_maxrss would include
    the parent's pages from before exec)."""
    try:
        with open("/proc/self/status") as status:
            for rad in status:
                if rad.startswith("VmHWM:"):
                    return int(rad.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    in_, ut = sys.stdin.buffer, sys.stdout.buffer
    # Nothing else may write to the pipe the rows go through.
    sys.stdout = sys.stderr
    sokvag, filtyp = sys.argv[1], sys.argv[2]
    granser = pickle.load(in_)
    _satt_granser(granser)
    try:
        if filtyp == "xlsx":
            _las_xlsx(sokvag, granser, in_, ut)
        else:
            _las_csv(sokvag, granser, in_, ut)
    except Lasfel as fel:
        _skicka(ut, ("fel", fel.kod, fel.varden))
    except MemoryError:
        _skicka(ut, ("fel", "minne", {}))
    except (BrokenPipeError, EOFError):
        # The parent stopped reading (it found an error, or was told to stop).
        return
    except Exception:
        # A hostile file can break a parser in ways no one listed: refused, not a crash.
        _skicka(ut, ("fel", "skadad", {}))


# --- the parent ----------------------------------------------------------------------------------


class Barnlasning:
    """The parent's end. Use as a context manager: the child is stopped on the way out."""

    def __init__(self, sokvag: str, filtyp: str, granser: Granser):
        self.granser = granser
        self.toppminne_kb = 0
        miljo = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROT), os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "deltagare.importexport.lasning.barnprocess", sokvag, filtyp],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=miljo,
            cwd=ROT,
        )
        # A child that neither works nor answers (it cannot: its CPU limit ends it) is stopped.
        self._vakt = threading.Timer(granser.cpu_s * VAGGKLOCKA_PER_CPU_S, self._stoppa)
        self._vakt.daemon = True
        self._vakt.start()
        self._skicka(dataclasses.replace(granser))

    def __enter__(self) -> "Barnlasning":
        return self

    def __exit__(self, *exc) -> None:
        self.stang()

    def _stoppa(self) -> None:
        if self.process.poll() is None:
            self.process.kill()

    def stang(self) -> None:
        self._vakt.cancel()
        for strom in (self.process.stdin, self.process.stdout):
            try:
                strom.close()
            except OSError:
                pass
        try:
            # A child that has sent everything ends by itself; one still reading is stopped.
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self._stoppa()
            self.process.wait()

    def _skicka(self, meddelande) -> None:
        try:
            pickle.dump(meddelande, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            # The child is gone; the next read says why.
            pass

    def _ta_emot(self):
        try:
            meddelande = pickle.load(self.process.stdout)
        except (EOFError, pickle.UnpicklingError, OSError):
            kod = self.process.wait()
            if kod in (-signal.SIGXCPU, -signal.SIGKILL):
                raise Lasfel("tid", sekunder=self.granser.cpu_s) from None
            raise Lasfel("avbruten", kod=kod) from None
        if meddelande[0] == "fel":
            raise Lasfel(meddelande[1], **meddelande[2])
        return meddelande

    def oversikt(self) -> dict:
        meddelande = self._ta_emot()
        if meddelande[0] != "oversikt":
            raise Lasfel("skadad")
        return meddelande[1]

    def las(self, blad: list[int], *, exportinfo: bool = False, rubrikrader: dict[int, int] | None = None) -> Iterator[tuple]:
        """("rader", sheet index, [(row number, values)]) and ("export", rows) until done: the
        rows below each sheet's header row (rubrikrader: sheet index → row number; else the
        sheet's first non-empty row)."""
        self._skicka(("las", blad, exportinfo, rubrikrader or {}))
        while True:
            meddelande = self._ta_emot()
            if meddelande[0] == "klart":
                self.toppminne_kb = meddelande[1].get("toppminne_kb", 0)
                return
            yield meddelande

    def sluta(self) -> None:
        self._skicka(("sluta",))


if __name__ == "__main__":
    main()
