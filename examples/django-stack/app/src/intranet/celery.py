import os
import time
from pathlib import Path

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings")

app = Celery("intranet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The worker's healthcheck reads this file's age: a cheap liveness signal that is only
# refreshed while the consumer is connected to the broker.
LIVENESS_FILE = Path(os.environ.get("CELERY_LIVENESS_FILE", "/tmp/celery-worker-alive"))


class LivenessFile(bootsteps.StartStopStep):
    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, consumer, **kwargs):
        super().__init__(consumer, **kwargs)
        self.timer_ref = None

    def start(self, consumer):
        self.touch()
        self.timer_ref = consumer.timer.call_repeatedly(5.0, self.touch, priority=10)

    def stop(self, consumer):
        if self.timer_ref is not None:
            self.timer_ref.cancel()
            self.timer_ref = None
        LIVENESS_FILE.unlink(missing_ok=True)

    def touch(self):
        LIVENESS_FILE.touch()
        os.utime(LIVENESS_FILE, (time.time(), time.time()))


app.steps["consumer"].add(LivenessFile)
