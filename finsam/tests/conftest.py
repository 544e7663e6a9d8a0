from .felinjektion import kapa_vid  # noqa: F401  (a fixture, shared by the fault tests)
