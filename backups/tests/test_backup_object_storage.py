"""With files in object storage (AWS_STORAGE_BUCKET_NAME), a backup holds the bucket's files and a
restore puts them into an empty bucket, checked byte for byte; a bucket already holding files is refused.

The archive itself is written to BACKUP_DIR (or --output) as always, not to the bucket: a backup
kept beside what it backs up, under the same credentials, is lost with it (README "Backup and restore").
"""

import hashlib
import json
import tarfile

import pytest

from backups.services import backup_create
from backups.tests.instances import EmptyInstance
from evidence.tests import factories as evidence_factories
from tests import s3


def storage_in(endpoint: str, bucket: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": s3.REGION,
            "access_key": s3.CREDENTIALS["AWS_ACCESS_KEY_ID"],
            "secret_key": s3.CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            "file_overwrite": False,
        },
    }


@pytest.fixture
def instances(tmp_path):
    made: list[EmptyInstance] = []

    def make(name: str) -> EmptyInstance:
        made.append(EmptyInstance(tmp_path / name))
        return made[-1]

    yield make
    for instance in made:
        instance.drop()


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_buckets_files_and_restores_them_into_an_empty_bucket(
    personas, settings, tmp_path, instances
):
    content = evidence_factories.pdf("Evidence kept in a bucket")
    with s3.s3_server("nt-live", "nt-restored") as endpoint:
        settings.STORAGES = {**settings.STORAGES, "default": storage_in(endpoint, "nt-live")}
        item = evidence_factories.make_item(personas.notice, personas["officer"], file=(content, "audit.pdf"))
        name = item.revisions.get().file.name

        archive = backup_create(directory=tmp_path / "backups")

        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
            assert tar.extractfile(f"media/{name}").read() == content  # type: ignore[union-attr]
        assert manifest["files"] == {name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}}

        restored = instances("restored")
        done = restored.manage("restore", str(archive), **s3.environment(endpoint, "nt-restored"))
        assert done.returncode == 0, done.stdout + done.stderr
        assert s3.keys(endpoint, "nt-restored") == [name]
        assert s3.client(endpoint).get_object(Bucket="nt-restored", Key=name)["Body"].read() == content
        assert restored.media_is_empty()  # nothing on this machine's disk

        refused = instances("refused").manage("restore", str(archive), **s3.environment(endpoint, "nt-live"))
        assert refused.returncode != 0
        assert "The bucket nt-live already holds files. Restore only into an empty bucket." in refused.stderr
