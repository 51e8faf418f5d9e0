import os

from django.core.wsgi import get_wsgi_application

# Production unless chosen otherwise (scripts/demo.sh sets alongside.settings.local).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings.production")
application = get_wsgi_application()
