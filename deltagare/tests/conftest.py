import datetime

import pytest
from django.utils import timezone

from deltagare.models import Uppfoljning

from .factories import DeltagareFactory


@pytest.fixture
def idag() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def uppfoljning(insats_a, idag) -> Uppfoljning:
    """AP-U1's 3-month follow-up, planned 30 days ago (overdue), at the leader A's insats."""
    deltagare = DeltagareFactory(insats=insats_a, deltagar_id="AP-U1", startdatum=idag - datetime.timedelta(days=120))
    return Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=idag - datetime.timedelta(days=30))
