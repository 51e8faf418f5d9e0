"""Model fields for sensitive free text, encrypted before it reaches the database."""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Free text stored as a Fernet token. It cannot be searched or ordered in SQL."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)
