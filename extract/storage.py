"""Where inputs and outputs live: a local path, or an fsspec URL (s3://, gcs://, memory://).

A national run keeps its PDFs in a bucket and its workers on other machines: every place
the batch runner touches a file (walking the input folder, hashing an input, a worker
reading it, writing an output, the manifest, the analyst tables) goes through here.

A local path, and a plain `file://` URL, is handled with the local file system exactly as
before any URL was allowed: temp file + fsync + rename, an append-only fsynced manifest,
a lock. Anything else goes through fsspec (https://filesystem-spec.readthedocs.io); the
protocol's package (s3fs, gcsfs, adlfs ...) is the user's to install, and a missing one is
named in the error.
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

#: `proto://...` or a chained `proto::proto://...` (fsspec's URL forms). A Windows drive
#: letter (`C:\`) is one letter and no "//", so it stays a path.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+(://|::)")

#: Protocols whose stores make an object visible only once a single PUT of its whole
#: content has succeeded: there, writing the final key once, with the content complete
#: in memory, is atomic, and cheaper than a temp key + copy + delete (what `mv` is on
#: S3 and GCS). Every other file system gets a temp name and a move.
OBJECT_STORES = frozenset({"s3", "s3a", "gs", "gcs", "abfs", "abfss", "az", "adl", "oci",
                           "oss", "r2", "memory"})

#: Prefix and suffix of the temporary names of a write in progress, so that a run killed
#: mid-write leaves names `remove_stale_temporaries` recognises, and no reader of `*.json`
#: or `*.parquet` ever picks one up.
TEMP_SUFFIX = ".tmp"


class StorageError(Exception):
    """A location that cannot be used at all (an unknown protocol, a missing package)."""


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and bool(_URL.match(location))


def local_path(location: str | Path) -> Path | None:
    """The local path of `location`: itself when it is a path, the path of a plain
    `file://` URL; None for anything that needs fsspec."""
    if not is_url(location):
        return Path(location)
    text = str(location)
    if text.startswith("file://") and "::" not in text:
        from fsspec.implementations.local import LocalFileSystem

        return Path(LocalFileSystem._strip_protocol(text))
    return None


def resolve(url: str) -> tuple[Any, str]:
    """(fsspec file system, path inside it) of a URL; `StorageError` when the protocol is
    unknown or its implementation is not installed, naming the package to install."""
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as error:
        # fsspec raises its own message ("Install s3fs to access S3") from the import that
        # failed, whose module name is the package to install (s3fs, gcsfs, adlfs, aiohttp).
        missing = getattr(error.__cause__, "name", None) or getattr(error, "name", None)
        kind = url.split("://")[0].split("::")[-1] if "://" in url else url.split("::")[0]
        hint = f"pip install {missing.split('.')[0]}" if missing else str(error)
        raise StorageError(f"{url}: the {kind}:// protocol needs a package that is not "
                           f"installed: {hint} ({error})") from error
    except ValueError as error:  # "Protocol not known"
        raise StorageError(f"{url}: {error}") from error


def join(base: str | Path, *names: str) -> str | Path:
    """`base/name/...`: a Path for a local base, a URL (query-free) for a URL."""
    if local_path(base) is not None and not is_url(base):
        return Path(base).joinpath(*names)
    return "/".join([str(base).rstrip("/"), *names])


def name(location: str | Path) -> str:
    """The last component of a path or URL."""
    return PurePosixPath(str(location).rstrip("/")).name if is_url(location) else Path(
        location).name


def is_file(location: str | Path) -> bool:
    path = local_path(location)
    if path is not None:
        return path.is_file()
    fs, inner = resolve(str(location))
    return bool(fs.isfile(inner))


def is_dir(location: str | Path) -> bool:
    path = local_path(location)
    if path is not None:
        return path.is_dir()
    fs, inner = resolve(str(location))
    return bool(fs.isdir(inner))


def size(location: str | Path) -> int:
    """Bytes of a file; `FileNotFoundError` when there is none."""
    path = local_path(location)
    if path is not None:
        return path.stat().st_size
    fs, inner = resolve(str(location))
    if not fs.isfile(inner):
        raise FileNotFoundError(str(location))
    return int(fs.size(inner))


def read_bytes(location: str | Path) -> bytes:
    path = local_path(location)
    if path is not None:
        return path.read_bytes()
    fs, inner = resolve(str(location))
    return fs.cat_file(inner)


def open_binary(location: str | Path, block_size: int | None = None) -> Any:
    """A binary reading stream (for hashing a large input block by block). `block_size`:
    for a URL, the bytes each read from the store fetches at least (the backend's own
    default when None: 5 MiB on s3fs, so a few scattered reads can fetch a whole PDF)."""
    path = local_path(location)
    if path is not None:
        return path.open("rb")
    fs, inner = resolve(str(location))
    if block_size is None:
        return fs.open(inner, "rb")
    return fs.open(inner, "rb", block_size=block_size)


#: Keys of `fs.info()` that identify an object's content, in order of preference: gcsfs's
#: MD5 (content only; its "etag" also changes when only metadata does), the ETag of s3fs,
#: adlfs and HTTP (a new upload, a new ETag), gcsfs's CRC32C.
CONTENT_TAGS = ("md5Hash", "ETag", "etag", "crc32c")
#: Keys of `fs.info()` that say when an object was last written, for a store that gives no
#: content tag: s3fs, adlfs, HTTP, local files, gcsfs, and memory:// (creation: an object
#: is replaced whole, so its creation is its last write).
WRITE_TIMES = ("LastModified", "last_modified", "Last-Modified", "mtime", "updated", "created")


def fingerprint(location: str | Path) -> str | None:
    """A cheap identity of a URL's content from its metadata alone (`fs.info()`, which
    s3fs answers from the listing that walking the folder already fetched, without a
    request per object): its content tag and size, else its size and last write time;
    None when the store gives
    neither, and for a local path, whose bytes are read (hashed) instead: that is cheap
    next to extracting it, and robust to a `touch` or a copy that keeps the content.

    Two different contents never share a fingerprint on a store that keeps these keys
    honest; one content can get a new fingerprint (uploaded again), which costs a redo,
    never a stale output. `FileNotFoundError` when there is no such object.
    """
    if local_path(location) is not None:
        return None
    fs, inner = resolve(str(location))
    info = fs.info(inner)
    if info.get("type") == "directory":
        raise FileNotFoundError(str(location))
    size = info.get("size")
    for key in CONTENT_TAGS:
        if info.get(key):
            tag = str(info[key]).strip('"')  # S3 and HTTP quote their ETags
            return f"{key}={tag};size={size}"
    if size is None:
        return None
    for key in WRITE_TIMES:
        value = info.get(key)
        if value:
            stamp = value.isoformat() if hasattr(value, "isoformat") else repr(value)
            return f"{key}={stamp};size={size}"
    return None


def walk(folder: str | Path) -> list[tuple[str | Path, str]]:
    """(file, path relative to `folder`) of every file under `folder`, recursively and in
    a stable order; hidden files and folders are the caller's to drop."""
    path = local_path(folder)
    if path is not None:
        return [(file, file.relative_to(path).as_posix())
                for file in sorted(path.rglob("*")) if file.is_file()]
    fs, inner = resolve(str(folder))
    root = inner.rstrip("/")
    found = []
    for file in sorted(fs.find(root)):
        relative = posixpath.relpath(file, root) if root else file.lstrip("/")
        # The URL as the user wrote it, extended: keeps a chain (simplecache::s3://...).
        found.append((join(folder, relative), relative))
    return found


def glob_names(folder: str | Path, pattern: str) -> list[str]:
    """Names of the files directly in `folder` matching `pattern`, sorted. As in a shell,
    a hidden name (a run's temporaries, its lease) is matched only by a pattern that starts
    with a dot: `*.json` is the outputs, never `.rkt-lock.json`."""
    path = local_path(folder)
    if path is not None:
        names = [p.name for p in path.glob(pattern)]
    else:
        fs, inner = resolve(str(folder))
        names = [posixpath.basename(p) for p in fs.glob(f"{inner.rstrip('/')}/{pattern}")]
    return sorted(n for n in names if pattern.startswith(".") or not n.startswith("."))


def make_dirs(folder: str | Path) -> None:
    path = local_path(folder)
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        return
    fs, inner = resolve(str(folder))
    fs.makedirs(inner, exist_ok=True)  # a no-op on object stores, which have no folders


def remove(location: str | Path) -> None:
    path = local_path(location)
    if path is not None:
        path.unlink(missing_ok=True)
        return
    fs, inner = resolve(str(location))
    if fs.exists(inner):
        fs.rm_file(inner)


def write_atomic(location: str | Path, write: Callable[[Any], None] | bytes) -> None:
    """Write a file that no reader sees half-written: `write` is the content, or a
    function given a binary stream to write it to.

    Local: a temp file in the same folder, fsynced, then renamed over the name (rename is
    atomic on one file system). fsspec: the content is made complete in memory first;
    an object store (`OBJECT_STORES`) then gets one PUT of the final key, which it makes
    visible only once whole, so there is no temp key to leave behind; any other file system
    (sftp, hdfs, a chained cache) gets a temp name beside the final one, then a move.
    """
    path = local_path(location)
    if path is not None:
        _write_local(path, write)
        return
    if isinstance(write, bytes):
        data = write
    else:
        import io

        buffer = io.BytesIO()
        write(buffer)
        data = buffer.getvalue()
    fs, inner = resolve(str(location))
    kind = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    if kind in OBJECT_STORES:
        fs.pipe_file(inner, data)
        return
    folder, final = posixpath.split(inner)
    temp = f"{folder}/.{final}.{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}"
    try:
        fs.pipe_file(temp, data)
        fs.mv(temp, inner)
    except BaseException:
        if fs.exists(temp):
            fs.rm_file(temp)
        raise


def create_new(location: str | Path, data: bytes) -> None:
    """Write a file that must not exist yet; `FileExistsError` when it does.

    Atomic locally (O_EXCL) and on the stores whose fsspec package makes
    `pipe_file(mode="create")` a conditional write (S3's If-None-Match, GCS's
    if-generation-match); elsewhere fsspec checks, then writes, and two writers at the
    same instant can both succeed. Callers must treat it as best-effort there."""
    path = local_path(location)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as stream:
            stream.write(data)
        return
    fs, inner = resolve(str(location))
    # Asked first, as some file systems take `mode` and ignore it (a chained cache).
    if fs.exists(inner):
        raise FileExistsError(str(location))
    try:
        fs.pipe_file(inner, data, mode="create")
    except FileExistsError:
        raise
    except Exception:
        # A package older than `mode` (an older fsspec raises TypeError, an older
        # s3fs hands it to botocore, which rejects it): the check above is all there is.
        # A real failure of the store fails again here, and is raised.
        fs.pipe_file(inner, data)


def _write_local(path: Path, write: Callable[[Any], None] | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                    suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(write, bytes):
                stream.write(write)
            else:
                write(stream)
            stream.flush()
            os.fsync(stream.fileno())  # the rename must not land before the bytes do
        # mkstemp makes the file private (0600); outputs are shared like any file the user
        # writes: the mode open() would give, under the process umask.
        os.chmod(temp, 0o666 & ~_UMASK)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _read_umask() -> int:
    # os.umask can only be read by setting it; set it straight back, once, at import
    # (before any worker thread could create a file in between).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def remove_stale_temporaries(folder: str | Path, pattern: str = f".*{TEMP_SUFFIX}") -> int:
    """Delete the temporary files that a killed run left in `folder`."""
    names = glob_names(folder, pattern)
    for stale in names:
        remove(join(folder, stale))
    return len(names)
