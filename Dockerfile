# syntax=docker/dockerfile:1
# Gloss annotation service: production image (gunicorn, runs migrations on start).
# Needs SECRET_KEY, DATABASE_URL and PUBLIC_BASE_URL in the environment at run time (it will not start
# without them: GLOSS_ENV=production).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    GLOSS_ENV=production

RUN groupadd --system --gid 10001 gloss \
 && useradd --system --uid 10001 --gid gloss --home-dir /app --no-create-home --shell /usr/sbin/nologin gloss

WORKDIR /app

# 1) Dependencies only: this layer is rebuilt only when pyproject.toml changes.
#    The pinned list is read straight from pyproject.toml (tomllib is stdlib in 3.11).
#    README.md* (glob) because pyproject's `readme` points at it; the glob keeps
#    the build working even before a README exists.
COPY pyproject.toml README.md* ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install --no-cache-dir -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# 2) Application code. Editable install keeps server/ at /app/server with
#    migrations/ beside it at /app/migrations.
COPY server/ ./server/
COPY migrations/ ./migrations/
COPY gunicorn.conf.py ./
RUN pip install --no-cache-dir --no-deps -e . \
 && mkdir -p /app/instance \
 && chown gloss:gloss /app/instance

USER gloss

EXPOSE 8000

# No curl in slim: probe with the stdlib (proxy-free opener; non-2xx/3xx or
# connection error -> exception -> exit 1).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request as u; u.build_opener(u.ProxyHandler({})).open('http://127.0.0.1:8000/api/health', timeout=4)"]

# Apply migrations, then hand PID 1 to gunicorn (exec) so it receives SIGTERM.
CMD ["sh", "-c", "flask --app server db upgrade && exec gunicorn --config gunicorn.conf.py --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} 'server.wsgi:app'"]
