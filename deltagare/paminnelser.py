"""Reminders by e-mail (issue 13): weekly to each project leader, monthly to the kansli.

- The project leader gets the overdue follow-ups and the participants past the insats' expected
  length, in the insatser the policy lets them write (``behorighet.insatser_att_skriva``).
- The kansli gets the data-quality table's problems per insats (counts only), over the insatser
  the policy lets them read.

Data protection (docs/regler.md §5): an e-mail names participants by deltagar-ID and nothing else
(no dates, no background), and every e-mail that names participants is logged like an export.
Sent by ``python manage.py skicka_paminnelser --veckovis|--manadsvis`` from cron or a systemd timer.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from insatser import behorighet
from insatser.models import Insats

from .audit import logga_export


@dataclass
class InsatsPaminnelse:
    insats: Insats
    forsenade: list[str] = field(default_factory=list)  # deltagar-IDs with an overdue follow-up
    for_langa: list[str] = field(default_factory=list)  # deltagar-IDs past the expected length

    @property
    def tom(self) -> bool:
        return not (self.forsenade or self.for_langa)


@dataclass
class Utskick:
    skickade: int = 0
    utan_adress: list[str] = field(default_factory=list)
    utan_arenden: int = 0


def projektledarens_paminnelse(*, user, idag: datetime.date) -> list[InsatsPaminnelse]:
    """Per writable insats: the deltagar-IDs with overdue follow-ups and those past the expected
    length. Two queries, whatever the number of insatser."""
    insatser = {i.pk: InsatsPaminnelse(i) for i in behorighet.insatser_att_skriva(user).order_by("sortering", "namn")}
    forsenade = (
        behorighet.uppfoljningar_att_skriva(user)
        .due(idag - datetime.timedelta(days=1))
        .order_by("deltagare__insats_id", "deltagare__deltagar_id")
        .values_list("deltagare__insats_id", "deltagare__deltagar_id")
        .distinct()
    )
    for insats_id, deltagar_id in forsenade:
        insatser[insats_id].forsenade.append(deltagar_id)
    langa = (
        behorighet.deltagare_att_skriva(user)
        .langre_an_forvantat(idag)
        .order_by("insats_id", "deltagar_id")
        .values_list("insats_id", "deltagar_id")
    )
    for insats_id, deltagar_id in langa:
        insatser[insats_id].for_langa.append(deltagar_id)
    return [p for p in insatser.values() if not p.tom]


def _mottagare_projektledare():
    return get_user_model().objects.filter(is_active=True, insatser__isnull=False).distinct().order_by("username")


def _mottagare_kansli():
    return get_user_model().objects.filter(is_active=True, groups__name=behorighet.KANSLI_GROUP).distinct().order_by("username")


def skicka_veckopaminnelser(*, idag: datetime.date) -> Utskick:
    """One e-mail per project leader who has something to do; nothing to those who have not."""
    utskick = Utskick()
    for user in _mottagare_projektledare():
        paminnelser = projektledarens_paminnelse(user=user, idag=idag)
        if not paminnelser:
            utskick.utan_arenden += 1
            continue
        if not user.email:
            utskick.utan_adress.append(user.get_username())
            continue
        text = render_to_string(
            "epost/paminnelse_projektledare.txt",
            {
                "user": user,
                "paminnelser": paminnelser,
                "uppfoljningar_url": settings.WEBBADRESS + reverse("deltagare:uppfoljningar"),
                "webbadress": settings.WEBBADRESS,
            },
        )
        antal = sum(len(p.forsenade) + len(p.for_langa) for p in paminnelser)
        send_mail(_("Deltagaruppföljning: att göra den här veckan"), text, None, [user.email])
        logga_export(
            user=None,
            vad=f"veckopåminnelse till {user.get_username()}",
            filter={"insatser": [p.insats.kortnamn for p in paminnelser]},
            antal=antal,
        )
        utskick.skickade += 1
    return utskick


def datakvalitet_per_insats(*, user, idag: datetime.date) -> dict:
    """The data-quality table (docs/regler.md §3, table 18) for the current half-year up to idag,
    reduced to the count columns and the insatser with any problem."""
    from rapporter import berakna

    from .selectors import halvar

    fran, till = halvar(dag=idag)
    tabell = berakna("datakvalitet", fran=fran, till=min(till, idag), insatser=list(behorighet.insatser_att_lasa(user)))
    # The bases (how many were active or ended) are not problems; every other count column is.
    baser = {_("Aktiva"), _("Aktiva med samtycke"), _("Avslutade"), _("Avslutade med samtycke")}
    problem = [
        (i, namn)
        for i, (namn, typ) in enumerate(zip(tabell["kolumner"], tabell["kolumntyper"]))
        if typ != "andel" and namn not in baser
    ]
    rader = []
    for rad in tabell["rader"]:
        varden = [(namn, rad["varden"][i]) for i, namn in problem if rad["varden"][i]]
        if varden:
            rader.append({"insats": rad["etikett"], "problem": varden})
    return {"fran": fran, "till": min(till, idag), "rader": rader}


def skicka_manadspaminnelser(*, idag: datetime.date) -> Utskick:
    """The kansli's monthly summary: counts per insats, no participant named."""
    utskick = Utskick()
    for user in _mottagare_kansli():
        if not user.email:
            utskick.utan_adress.append(user.get_username())
            continue
        kvalitet = datakvalitet_per_insats(user=user, idag=idag)
        text = render_to_string(
            "epost/paminnelse_kansli.txt",
            {
                "user": user,
                "kvalitet": kvalitet,
                "rapporter_url": settings.WEBBADRESS + reverse("rapporter:oversikt"),
            },
        )
        send_mail(_("Deltagaruppföljning: datakvalitet per insats"), text, None, [user.email])
        utskick.skickade += 1
    return utskick


