from .deltagare import (
    KODLISTOR,
    DeltagareSerializer,
    InsatsSerializer,
    KodlistorSerializer,
    VersionKonfliktSerializer,
)
from .rapporter import FinsamParametrar, FinsamSerializer, RapportParametrar, RapportSerializer

__all__ = [
    "KODLISTOR",
    "DeltagareSerializer",
    "FinsamParametrar",
    "FinsamSerializer",
    "InsatsSerializer",
    "KodlistorSerializer",
    "RapportParametrar",
    "RapportSerializer",
    "VersionKonfliktSerializer",
]
