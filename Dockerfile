# EduSphere API server. Tartiflette builds libgraphqlparser from source, hence cmake and g++
# in the build stage only.
FROM python:3.11-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends cmake g++ make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.cfg README.md ./
COPY edusphere ./edusphere
COPY migrations ./migrations
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# DejaVu: the certificate images' font (Latin, Greek, Cyrillic; certificates.image).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /srv/edusphere edusphere
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
    && mkdir -p /srv/edusphere/var/media && chown -R edusphere /srv/edusphere/var
USER edusphere
WORKDIR /srv/edusphere
ENV EDUSPHERE_ENV=production \
    EDUSPHERE_HOST=0.0.0.0 \
    EDUSPHERE_PORT=8000 \
    EDUSPHERE_PROXIES_COUNT=1
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/healthz')" || exit 1
CMD ["edusphere", "serve"]
