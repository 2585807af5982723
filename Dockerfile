# A small image for Sigscope: slim Python, no build tools left behind, a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=8000

WORKDIR /srv/sigscope
COPY pyproject.toml README.md ./
COPY app ./app
COPY templates ./templates
COPY static ./static
RUN pip install --no-compile -e . \
    && useradd --create-home --uid 10001 sigscope

USER sigscope
EXPOSE 8000
CMD ["sigscope", "--host", "0.0.0.0"]
