"""Request rates for anonymous and signed-in callers (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
set from the environment in finsam/settings.py)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _RatesAtRequestTime:
    # DRF binds the rates when its module is imported; reading them per request lets a
    # settings override (tests, a reloaded configuration) take effect.
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonymBegransning(_RatesAtRequestTime, AnonRateThrottle):
    pass


class AnvandareBegransning(_RatesAtRequestTime, UserRateThrottle):
    pass
