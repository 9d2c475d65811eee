"""Files in S3-compatible object storage (AWS_STORAGE_BUCKET_NAME): stored, downloaded, checked and
health-checked through the storage API alone, with nothing written to this machine's MEDIA_ROOT.

The bucket is moto's in-process S3; tests/test_two_servers.py runs the same through real servers.
"""

from __future__ import annotations

import boto3
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from moto import mock_aws

from evidence.tests import factories as evidence_factories
from evidence.tests.helpers import stored_files
from reporting.tests.report_factories import TINY_PDF, issue_quickly, make_report, make_scene
from tests.test_production_settings import settings_in

BUCKET = "notice-tracker-test"
REGION = "eu-west-2"


def s3_storage(bucket: str = BUCKET, **options) -> dict:
    """STORAGES["default"] as settings.py makes it when AWS_STORAGE_BUCKET_NAME is set."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "region_name": REGION,
            "file_overwrite": False,
            "default_acl": None,
            "max_memory_size": 1024 * 1024,
            **options,
        },
    }


@pytest.fixture
def bucket(settings):
    """An empty private bucket (moto), made the default storage; yields a boto3 client to look inside it."""
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage()}
        yield s3


def keys(s3) -> list[str]:
    return [entry["Key"] for entry in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_the_bucket_setting_makes_object_storage_the_default_and_local_disk_stays_otherwise():
    s3 = settings_in(
        {"AWS_STORAGE_BUCKET_NAME": "council-files", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, "STORAGES"
    )
    assert "storages.backends.s3.S3Storage" in s3["STORAGES"] and "http://127.0.0.1:9000" in s3["STORAGES"]
    assert "'file_overwrite': False" in s3["STORAGES"]
    assert "FileSystemStorage" in settings_in({}, "STORAGES")["STORAGES"]


def test_half_an_object_storage_configuration_refuses_to_start():
    from tests.test_production_settings import manage

    result = manage("check", AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME must be set with the other AWS_S3_* variables" in result.stderr


def test_evidence_is_stored_in_the_bucket_and_downloads_with_the_same_bytes(client, personas, bucket, media_root):
    content = evidence_factories.pdf("Audit findings, stored in a bucket")
    item = evidence_factories.make_item(personas.notice, personas["officer"], file=(content, "audit.pdf"))
    revision = item.revisions.get()
    assert keys(bucket) == [revision.file.name]
    assert str(revision.file.name).startswith(f"evidence/{personas.notice.pk}/")
    assert stored_files(media_root) == []  # nothing on this machine's disk
    client.force_login(personas["observer"])
    response = client.get(reverse("evidence:revision-download", args=[personas.notice.pk, item.pk, 1]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert response["Content-Length"] == str(len(content))


def test_a_file_gone_from_the_bucket_gives_404_not_a_server_error(client, personas, bucket):
    item = evidence_factories.make_item(personas.notice, personas["officer"], file=(b"", "audit.pdf"))
    bucket.delete_object(Bucket=BUCKET, Key=item.revisions.get().file.name)
    client.force_login(personas["observer"])
    assert client.get(reverse("evidence:revision-download", args=[personas.notice.pk, item.pk, 1])).status_code == 404


def test_an_issued_report_is_checked_against_its_sha256_when_read_from_the_bucket(client, personas, bucket):
    scene = make_scene(personas)
    report = issue_quickly(make_report(scene.notice, personas["chair"]), personas["chair"])
    download = reverse("reports:report-download", args=[report.notice_id, report.pk])
    client.force_login(personas["observer"])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == TINY_PDF
    # Someone with write access to the bucket replaces the object: the download is refused.
    bucket.put_object(Bucket=BUCKET, Key=report.pdf_file.name, Body=TINY_PDF + b"%% altered afterwards")
    assert client.get(download).status_code == 409


@pytest.mark.django_db
def test_the_health_check_writes_reads_and_deletes_through_the_bucket(client, bucket):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json()["storage"] == "ok"
    assert keys(bucket) == []


@pytest.mark.django_db
def test_the_health_check_says_unavailable_when_the_bucket_is_gone(client, bucket, settings):
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage("no-such-bucket")}
    assert default_storage.__class__.__name__ == "S3Storage"
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["storage"] == "unavailable"
