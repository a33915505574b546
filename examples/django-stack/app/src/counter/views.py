from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Tick
from .tasks import record_tick


def index(request):
    return render(request, "index.html", {"count": Tick.objects.count()})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def enqueue(request):
    label = request.POST.get("label") or request.GET.get("label") or "page"
    result = record_tick.delay(label)
    return JsonResponse({"queued": result.id, "label": label}, status=202)


def count(request):
    latest = Tick.objects.first()
    return JsonResponse({"count": Tick.objects.count(), "latest_note": latest.note if latest else None})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
