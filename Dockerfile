# A small image for Sigscope: slim Python, no build tools, a non-root user, waitress on $PORT.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000

WORKDIR /srv/sigscope
COPY pyproject.toml README.md ./
COPY app ./app
COPY templates ./templates
COPY static ./static
# Every dependency ships a wheel (orjson's is prebuilt for glibc on x86-64 and arm64), so no
# compiler is ever installed. The install is editable because the app serves templates/ and
# static/ from beside app/.
RUN pip install --no-compile -e . \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin sigscope

USER sigscope
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"
# Host and port come from HOST and PORT; WEB_CONCURRENCY sets the worker count. The command
# is PID 1: it stops its worker processes on `docker stop`'s SIGTERM and reaps them.
CMD ["sigscope"]
