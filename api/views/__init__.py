from .deltagare import DeltagareViewSet
from .ej_funnen import ej_funnen
from .insatser import InsatsViewSet, KodlistorView
from .rapporter import FinsamView, RapportlistaView, RapportView

__all__ = [
    "DeltagareViewSet",
    "FinsamView",
    "InsatsViewSet",
    "KodlistorView",
    "RapportView",
    "RapportlistaView",
    "ej_funnen",
]
