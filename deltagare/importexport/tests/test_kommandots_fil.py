"""What the import command says when its argument is not a file it can read."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_command_given_a_directory_says_it_is_a_directory(tmp_path):
    with pytest.raises(CommandError) as fel:
        call_command("import_deltagare", str(tmp_path))
    assert str(fel.value) == f"Filen kunde inte läsas: {tmp_path} är en katalog, inte en fil."


def test_the_command_given_a_missing_file_says_it_does_not_exist(tmp_path):
    with pytest.raises(CommandError) as fel:
        call_command("import_deltagare", str(tmp_path / "saknas.xlsx"))
    assert str(fel.value) == f"Filen kunde inte läsas: {tmp_path / 'saknas.xlsx'} finns inte."
