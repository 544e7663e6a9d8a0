from django.conf import settings


def epost(request) -> dict:
    """Pages offer the password reset only where e-mail can be sent."""
    return {"epost_konfigurerad": settings.EPOST_KONFIGURERAD}
