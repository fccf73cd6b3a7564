"""Uploaded files in an S3-compatible object store, through django-storages.

Any store that speaks S3's HTTP API will do (AWS S3, Cloudflare R2, Backblaze B2,
MinIO, Ceph, Scaleway, DigitalOcean Spaces): name the bucket, and for a store other
than AWS its endpoint. Without keys, boto3 finds its credentials the usual ways (the
AWS_* variables, a role given to the machine).
"""

from urllib.parse import urlsplit


def storage(env, bucket):
    """The STORAGES["default"] entry for the bucket, from the DJANGO_S3_* variables."""
    return {
        "BACKEND": "{{ cookiecutter.project_slug }}.images.s3.MediaStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env("DJANGO_S3_ENDPOINT_URL", default=None),
            "region_name": env("DJANGO_S3_REGION", default=None),
            "access_key": env("DJANGO_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("DJANGO_S3_SECRET_ACCESS_KEY", default=None),
            # A CDN or the bucket's own public host name, such as media.example.com.
            "custom_domain": env("DJANGO_S3_CUSTOM_DOMAIN", default=None),
            # Public files at permanent addresses: a cached page never holds a signed
            # address that has expired. The bucket must let anyone read media/.
            "querystring_auth": False,
            "file_overwrite": False,
            "location": "media",
        },
    }


def origins(media_storage):
    """Where pages load the pictures from, for the Content Security Policy."""
    options = media_storage["OPTIONS"]
    if options["custom_domain"]:
        return [f"https://{options['custom_domain']}"]
    if options["endpoint_url"]:
        parts = urlsplit(options["endpoint_url"])
        return [f"{parts.scheme}://{parts.netloc}"]
    return [f"https://{options['bucket_name']}.s3.amazonaws.com"]
