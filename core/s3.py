"""Private files in an S3-compatible bucket (django-storages), when NAVIGATOR_S3_BUCKET is set.

django-storages does the saving, deleting and presigning. What it lacks for health data
is added here: reading an object as a stream (its own file object downloads the whole
object into memory first), copying on the server (quarantine), a cheap reachability probe
for /healthz, and timeouts, so a bucket that stops answering fails a request in seconds
instead of holding a web process for minutes.
"""

from botocore.config import Config
from botocore.exceptions import ClientError
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class ObjectStream:
    """An object's body, read a piece at a time (never held whole in memory)."""

    def __init__(self, body, *, size: int):
        self._body = body
        self.size = size

    def read(self, amount: int | None = None) -> bytes:
        return self._body.read(amount)

    def close(self) -> None:
        self._body.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _not_found(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return status == 404 or code in ("404", "NoSuchKey", "NotFound")


class PrivateS3Storage(S3Storage):
    def __init__(self, *, connect_timeout: float = 5, read_timeout: float = 30, **options):
        super().__init__(**options)
        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                retries={"max_attempts": 3, "mode": "standard"},
            )
        )

    def _key(self, name: str) -> str:
        return self._normalize_name(clean_name(name))

    @property
    def _client(self):
        return self.connection.meta.client

    def open_stream(self, name: str) -> ObjectStream:
        try:
            answer = self._client.get_object(Bucket=self.bucket_name, Key=self._key(name))
        except ClientError as error:
            if _not_found(error):
                raise FileNotFoundError(f"No stored object {name}") from error
            raise
        return ObjectStream(answer["Body"], size=answer["ContentLength"])

    def copy(self, source: str, target: str) -> str:
        """Copy inside the bucket (the bytes never leave it); returns the name used."""
        target = self.get_available_name(target)
        self.bucket.Object(self._key(target)).copy(
            {"Bucket": self.bucket_name, "Key": self._key(source)},
            ExtraArgs=self.get_object_parameters(target),
            Config=self.transfer_config,
        )
        return target

    def download_url(self, name: str, *, filename: str, content_type: str, expire: int) -> str:
        """A presigned GET that makes the bucket answer as our own download view does."""
        return self.url(
            name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": content_type,
                "ResponseCacheControl": "no-store",
            },
            expire=expire,
        )

    def probe(self) -> None:
        """Raises if the bucket cannot be reached with our credentials."""
        self._client.head_bucket(Bucket=self.bucket_name)
