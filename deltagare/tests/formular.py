"""What a browser would post for a page's form: every input, checked box and selected option."""

from html.parser import HTMLParser


class _Formular(HTMLParser):
    def __init__(self, index: int):
        super().__init__()
        self.index, self.nummer, self.inne = index, -1, False
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._forsta: str | None = None
        self._vald = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.nummer += 1
            self.inne = self.nummer == self.index
        if not self.inne:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "") or ""))
        elif tag == "select":
            self._select, self._forsta, self._vald = a.get("name"), None, False
        elif tag == "option" and self._select:
            if self._forsta is None:
                self._forsta = a.get("value", "")
            if "selected" in a:
                self.data.append((self._select, a.get("value", "")))
                self._vald = True

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._vald:
                self.data.append((self._select, self._forsta or ""))
            self._select = None
        if tag == "form":
            self.inne = False


def formulardata(html: str, index: int = 0, *, lista: bool = False) -> dict:
    """The index-th form of the page (0 is the first <form>, the header's search is one too);
    with lista, every value of each name (checkboxes, hidden lists) as a list."""
    parser = _Formular(index)
    parser.feed(html)
    if not lista:
        return dict(parser.data)
    data: dict[str, list[str]] = {}
    for namn, varde in parser.data:
        data.setdefault(namn, []).append(varde)
    return data
