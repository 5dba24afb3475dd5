# One image for web, worker and beat (docker-compose.yml reuses it).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=rosterhub.settings
WORKDIR /app
# Runtime requirements only (requirements/base.txt, hashes checked): no test, browser, benchmark or lint tools.
COPY requirements/build.txt requirements/base.txt requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/build.txt \
 && pip install --no-cache-dir --require-hashes --no-build-isolation -r requirements/base.txt
COPY . .
RUN python manage.py compile_translations \
 && ROSTERHUB_PRODUCTION=true SECRET_KEY=collectstatic-only-not-a-real-secret-0123456789abcdef0123 \
    ALLOWED_HOSTS=build python manage.py collectstatic --noinput
RUN useradd --create-home rosterhub && mkdir -p /app/var && chown -R rosterhub /app/var
USER rosterhub
EXPOSE 8000
CMD ["gunicorn", "rosterhub.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
