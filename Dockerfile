# syntax=docker/dockerfile:1
# Image for the Airbyte source `source-jira-octopus` (classic per-connector Dockerfile).
#
#   docker build -t sourcejiraoctopus/source-jira-octopus:dev .            # online: resolves deps from PyPI
#   bench/build_image.sh                                                    # offline, podman, local base image
#
# BASE_IMAGE must stay equal to metadata.yaml `connectorBuildOptions.baseImage` (unit_tests/test_metadata.py).
ARG BASE_IMAGE=docker.io/airbyte/python-connector-base:4.0.2@sha256:9fdb1888c4264cf6fee473649ecb593f56f58e5d0096a87ee0b231777e2e3e73
FROM ${BASE_IMAGE}

# Context-relative directory of pre-built wheels (see bench/build_image.sh). Empty: install from the index.
ARG WHEELHOUSE=""

WORKDIR /airbyte/integration_code

COPY pyproject.toml README.md main.py ./
COPY source_jira_octopus ./source_jira_octopus

# airbyte-cdk requires these, but an HttpStream source never imports them (pandas/numpy: file-based and declarative
# transformations; nltk: text splitting; google-*/grpc/protobuf: Airbyte's secret manager; rapidfuzz: fuzzy
# matching). Checked by running spec/check/discover/read with their imports blocked, and by the image tests.
# Removing them saves about 200 MB (bench/RESULTS.md); `pip check` inside the image lists them as missing on
# purpose. Build with --build-arg UNUSED_DISTRIBUTIONS= to keep them.
ARG UNUSED_DISTRIBUTIONS="pandas numpy nltk google-cloud-secret-manager google-api-core google-auth \
googleapis-common-protos grpc-google-iam-v1 grpcio grpcio-status proto-plus protobuf rapidfuzz"

# The build context is bind-mounted rather than copied so the wheelhouse never lands in an image layer.
# setuptools builds in-tree, so its build/ and *.egg-info leftovers are removed in the same layer. The last line
# proves the installed package (not the copied tree in WORKDIR) imports and ships its spec.
RUN --mount=type=bind,target=/tmp/build-context \
    set -eu; \
    if [ -n "${WHEELHOUSE}" ]; then \
        pip install --no-cache-dir --disable-pip-version-check --root-user-action=ignore \
            --no-index --find-links "/tmp/build-context/${WHEELHOUSE}" . ; \
    else \
        pip install --no-cache-dir --disable-pip-version-check --root-user-action=ignore . ; \
    fi; \
    rm -rf build ./*.egg-info; \
    if [ -n "${UNUSED_DISTRIBUTIONS}" ]; then \
        pip uninstall --yes --quiet --disable-pip-version-check --root-user-action=ignore ${UNUSED_DISTRIBUTIONS}; \
    fi; \
    cd / && python -c "import importlib.resources as r, source_jira_octopus.run; \
assert r.files('source_jira_octopus').joinpath('spec.json').is_file()"

ENV AIRBYTE_ENTRYPOINT="python /airbyte/integration_code/main.py"
ENTRYPOINT ["python", "/airbyte/integration_code/main.py"]

LABEL io.airbyte.name=sourcejiraoctopus/source-jira-octopus
LABEL io.airbyte.version=0.1.0

# The Airbyte base image provides this unprivileged user (uid 1000); the platform runs connectors as non-root.
USER airbyte
