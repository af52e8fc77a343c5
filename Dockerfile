# One image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# libmagic identifies uploads; pango and fonts are what WeasyPrint renders PDFs with
# (DejaVu for Latin and Cyrillic; WenQuanYi Micro Hei for Chinese; Amiri for Arabic).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz0b fonts-dejavu-core fonts-wqy-microhei fonts-hosny-amiri \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --home /app navigator \
    && mkdir -p /data/uploads && chown navigator /data/uploads
USER navigator
EXPOSE 8000
CMD ["gunicorn", "navigator.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
