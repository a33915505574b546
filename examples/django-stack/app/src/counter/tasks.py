from celery import shared_task

from .models import Tick

# Written into every row this worker creates; /count reports the latest one.
TASK_NOTE = "processed by worker v1"


@shared_task
def record_tick(label):
    tick = Tick.objects.create(label=label, note=TASK_NOTE)
    return tick.id
