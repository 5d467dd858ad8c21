"""Per-document errors: one stable code each, and a one-line message that says what to do.

A document that cannot be extracted fails alone: the batch records its code and message in
the manifest and the run summary, and goes on. Codes are part of the output contract (the
manifest, `rkt extract`'s exit status); add new ones here, never rename one.
"""

from __future__ import annotations

#: code -> what the user should do about it. The text after the document-specific detail.
ERROR_HINTS: dict[str, str] = {
    # The file itself.
    "not_found": "the file does not exist (moved or deleted during the run?)",
    "unreadable_file": "the file cannot be read (permissions? a folder?); check it",
    "empty_file": "the file is empty (0 bytes); copy or download it again",
    "file_too_large": "the file is larger than limits.max_file_bytes; split it, or raise the "
                      "limit if it is genuine",
    "unsupported_format": "give a PDF, an image (PNG, JPEG, TIFF) or a text file",
    # PDFs.
    "not_a_pdf": "the file is named .pdf but is not a PDF (an HTML error page saved by a "
                 "download?); download it again",
    "corrupt_pdf": "the PDF is damaged or truncated; download it again, or repair it with "
                   "qpdf in.pdf out.pdf",
    "encrypted": "PDF is password-protected; decrypt it with qpdf --decrypt and run again",
    "empty_pdf": "the PDF has no pages; export or download it again",
    "too_many_pages": "the document has more pages than limits.max_pages; split it "
                      "(qpdf --split-pages) or raise the limit",
    # Images.
    "empty_image": "the image has no pixels",
    "unreadable_image": "the image cannot be decoded; convert it to PNG and run again",
    "image_too_large": "the page image is larger than the pixel limit (a decompression bomb?); "
                       "raise limits.max_pixels if it is genuine",
    # Text files.
    "unreadable_text": "the file is not text in a known encoding (binary data?); save it as "
                       "UTF-8 text and run again",
    # Any input.
    "empty_document": "no text was found in the document: check that it is the right file "
                      "(scanned pages need OCR: do not run them with --ocr never)",
    "ocr_unavailable": "install Tesseract: apt-get install tesseract-ocr tesseract-ocr-ind",
    "ocr_failed": "Tesseract failed or timed out on a page (limits.ocr_page_timeout); check "
                  "the page, or raise the limit",
    # The batch.
    "timeout": "the document took longer than the per-document time limit; raise it or "
               "split the document",
    "out_of_memory": "the document needed more memory than the machine has; run it alone, "
                     "or lower limits.max_pixels",
    "worker_crashed": "the worker process died while extracting this document (out of "
                      "memory? a crash in a native library?); run it alone to see why",
    "internal_error": "a bug in rkt: please report it with the document",
}


class RktError(Exception):
    """A document that cannot be extracted; `code` is a key of `ERROR_HINTS`.

    `message` is the document-specific detail ("report.pdf: PDF is password-protected");
    `str(error)` is that detail followed by what to do (`error_message`), the one line the
    run summary prints.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(error_message(code, message))
        self.code = code
        self.detail = message

    @property
    def hint(self) -> str:
        return ERROR_HINTS.get(self.code, "")

    def __reduce__(self) -> tuple[type[RktError], tuple[str, str]]:
        # Rebuilt from code and detail, so that an error raised in a worker process
        # crosses to the parent intact (the default would pass the composed message alone).
        return type(self), (self.code, self.detail)


def error_message(code: str, detail: str = "") -> str:
    """One line for the run summary and the manifest: the detail, then what to do."""
    hint = ERROR_HINTS.get(code, "")
    if detail and hint and hint not in detail:
        return f"{detail}: {hint}"
    return detail or hint


def as_rkt_error(error: BaseException) -> RktError:
    """Any exception raised while extracting a document, as an `RktError` for the manifest:
    the project's own as they are, a vanished or unreadable file and running out of memory
    by their codes, anything else as "internal_error" (a bug) named by its type and first
    line."""
    if isinstance(error, RktError):
        return error
    if isinstance(error, FileNotFoundError):
        return RktError("not_found", f"{error.filename or ''}: no such file".lstrip(": "))
    if isinstance(error, OSError):
        return RktError("unreadable_file", str(error.strerror or error))
    if isinstance(error, MemoryError):
        return RktError("out_of_memory", "Python ran out of memory")
    first_line = (str(error).splitlines() or [""])[0][:200]
    return RktError("internal_error", f"{type(error).__name__}: {first_line}".rstrip(": "))

