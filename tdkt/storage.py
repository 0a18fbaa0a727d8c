"""Where uploaded and generated files live (settings.STORAGES["default"]): the local folder
MEDIA_ROOT by default, S3-compatible object storage through django-storages when TDKT_S3_BUCKET
is set. Plain Python (read by settings.py): no Django import here. docs/deploy.md."""

import os


def s3_storage(environ=os.environ) -> dict | None:
    """The STORAGES entry for object storage, or None when TDKT_S3_BUCKET is not set.

    Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or any source boto3 reads)."""
    bucket = environ.get("TDKT_S3_BUCKET", "").strip()
    if not bucket:
        return None
    endpoint = environ.get("TDKT_S3_ENDPOINT_URL", "").strip() or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": environ.get("TDKT_S3_REGION", "").strip() or None,
        "location": environ.get("TDKT_S3_PREFIX", "").strip().strip("/"),
        # Like the local folder: a new file never replaces another with the same name.
        "file_overwrite": False,
        # Files are private: they are only ever served through the application's views.
        "default_acl": None,
        "querystring_auth": True,
        # Path-style addressing suits MinIO, Ceph and other S3-compatible servers.
        "addressing_style": environ.get("TDKT_S3_ADDRESSING_STYLE", "").strip()
        or ("path" if endpoint else None),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
