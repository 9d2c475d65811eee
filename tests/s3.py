"""An S3 API server for tests that start other processes: moto's server mode on a free loopback port."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import boto3

from tests.test_production_path import free_port

REGION = "eu-west-2"
# moto accepts any credentials; the processes under test are given these.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}


def client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The variables that put a process's files in `bucket` (README "Configuration")."""
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        **CREDENTIALS,
    }


def keys(endpoint: str, bucket: str) -> list[str]:
    return sorted(entry["Key"] for entry in client(endpoint).list_objects_v2(Bucket=bucket).get("Contents", []))


@contextmanager
def s3_server(*buckets: str) -> Iterator[str]:
    """moto's S3 API server in this process (a thread), with these empty buckets; its endpoint URL."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    requests_log = logging.getLogger("werkzeug")
    quiet, requests_log.level = requests_log.level, logging.WARNING  # not a line for every S3 request
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for bucket in buckets:
            client(endpoint).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield endpoint
    finally:
        server.stop()
        requests_log.setLevel(quiet)
