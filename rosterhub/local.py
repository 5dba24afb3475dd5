"""The folders and files a machine needs under var/, made when Django starts, never at settings import:
var/ itself (SQLite file, file cache, media), the file-system broker's folders, the development
STATIC_ROOT (WhiteNoise warns when it is missing) and the development secret key file."""

import os
from pathlib import Path


def local_files_prepare(settings) -> None:
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    if not settings.PRODUCTION:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    if settings.DEVELOPMENT_SECRET_KEY_FILE is not None:
        _secret_key_store(Path(settings.DEVELOPMENT_SECRET_KEY_FILE), settings.SECRET_KEY)


def _secret_key_store(key_file: Path, key: str) -> None:
    """Keep the key this process started with, so the next start reads the same one. Exclusive create:
    when two first starts race, the first key stays and the other process keeps its own until it restarts."""
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as out:
        out.write(key)
