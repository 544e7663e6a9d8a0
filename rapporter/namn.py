"""The report names of docs/regler.md §4 (a contract: the command, the API and the pages use them) and
their Swedish titles. Kept free of model imports so the package imports before apps are ready."""

RAPPORTNAMN: tuple[str, ...] = (
    "flode",
    "aktiva",
    "borjade",
    "avslutade",
    "avslutsorsak",
    "avslutsorsak-kon",
    "avslutsgrupp",
    "utbildning",
    "aldersgrupp",
    "anmalande-part",
    "stadsdel",
    "tid-utan-arbete",
    "forsorjning",
    "malupfyllelse",
    "flerar",
    "finsam",
    "stegforflyttning",
    "datakvalitet",
)

# Tables of the published reports beyond the 18 of the contract: computed with them, shown on
# the page and in the files, masked with them. Not report names of the command's contract.
TILLAGGSNAMN: tuple[str, ...] = (
    "avslutsorsak-insats-kon",
    "arbete-studier-kon",
    "avslutsgrupp-kon",
    "utbildning-insats",
    "aldersgrupp-insats",
)
ALLA_TABELLER: tuple[str, ...] = RAPPORTNAMN + TILLAGGSNAMN

# The name that asks for every table at once. The command and the API accept the same names:
# each of ALLA_TABELLER, or this (SPEC §4: the API has the command's reports).
ALLA = "alla"
BEGARBARA_NAMN: tuple[str, ...] = (*ALLA_TABELLER, ALLA)

TITLAR: dict[str, str] = {
    "flode": "Flödet av deltagare",
    "aktiva": "Deltagare per insats och kön",
    "borjade": "Deltagare som började en insats, per insats och kön",
    "avslutade": "Avslutade deltagare per insats och kön",
    "avslutsorsak": "Avslutsorsaker per insats",
    "avslutsorsak-kon": "Avslutsorsaker per kön",
    "avslutsgrupp": "Avslutade per insats och avslutsgrupp",
    "utbildning": "Utbildning vid start",
    "aldersgrupp": "Åldersgrupp vid start",
    "anmalande-part": "Anmälande part",
    "stadsdel": "Stadsdel (bostadsområde)",
    "tid-utan-arbete": "Tid utan arbete eller studier vid start",
    "forsorjning": "Försörjning vid start per insats",
    "malupfyllelse": "Förväntat resultat och utfall per insats och år",
    "flerar": "Avslutsgrupper över flera år",
    "finsam": "Uppföljning Finsam: deltagare per insats och juridiskt kön",
    "stegforflyttning": "Försörjning före och efter insatsen (stegförflyttning)",
    "datakvalitet": "Datakvalitet per insats",
    "avslutsorsak-insats-kon": "Avslutsorsaker per insats och kön",
    "arbete-studier-kon": "Arbete eller studier efter kön",
    "avslutsgrupp-kon": "Avslutsgrupper per kön",
    "utbildning-insats": "Utbildning vid start per insats",
    "aldersgrupp-insats": "Åldersgrupp vid start per insats",
}
