from django.db import models


class Tick(models.Model):
    """One row per processed task."""

    label = models.CharField(max_length=100)
    note = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
