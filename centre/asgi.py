import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings")
django_application = get_asgi_application()

from centre.middleware import limit_asgi_body  # noqa: E402  (needs the settings above)

application = limit_asgi_body(django_application)
