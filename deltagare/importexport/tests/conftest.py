from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def ladda_upp(client, innehall: bytes, namn="deltagare.xlsx"):
    return client.post(reverse("importexport:import"), {"fil": SimpleUploadedFile(namn, innehall)})
