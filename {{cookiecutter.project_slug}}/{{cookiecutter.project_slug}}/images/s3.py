"""Uploaded files in an S3-compatible bucket (the s3 option; config/settings/media_s3.py).

The bucket answers the browsers, not nginx: each file is stored with the cache
lifetime nginx would give it, so renditions are kept a year there too.
"""

from storages.backends.s3 import S3Storage

from .renditions import cache_control


class MediaStorage(S3Storage):
    def get_object_parameters(self, name):
        return {
            "CacheControl": cache_control(name),
            **super().get_object_parameters(name),
        }
