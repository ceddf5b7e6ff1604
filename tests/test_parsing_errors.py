"""Every way a document can fail to open says what is wrong and what to do next (``hint``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from terms import errors
from terms.errors import DocumentError, DocumentNotFound, EmptyDocument, UnsupportedDocument
from terms.parsing import hints, parse_bytes, parse_file
from tests.conftest import REPO
from tests.pdf_fixtures import encrypt_pdf, make_pdf

PARSING = REPO / "terms" / "parsing"
DOCUMENT_ERRORS = {name for name, value in vars(errors).items()
                   if isinstance(value, type) and issubclass(value, DocumentError)}


def test_every_document_error_raised_by_the_parser_carries_a_hint() -> None:
    """Read the source: each ``raise SomeDocumentError(...)`` passes ``hint=``."""
    missing = []
    for path in sorted(PARSING.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in DOCUMENT_ERRORS and not any(k.arg == "hint" for k in node.exc.keywords):
                missing.append(f"{path.name}:{node.lineno}")
    assert not missing, missing


def _error(call) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        call()
    return caught.value


def test_scanned_pdf() -> None:
    error = _error(lambda: parse_bytes(make_pdf([[], []]), source="scan.pdf"))
    assert isinstance(error, UnsupportedDocument)
    assert str(error) == "scan.pdf: has no text layer (scanned?)"
    assert error.hint == hints.SCANNED_PDF and "OCR" in error.hint and "original text" in error.hint


def test_encrypted_pdf() -> None:
    error = _error(lambda: parse_bytes(encrypt_pdf(make_pdf([["Locked terms of service."]])),
                                       source="locked.pdf"))
    assert str(error) == "locked.pdf: is an encrypted PDF (it needs a password)"
    assert error.hint == hints.ENCRYPTED_PDF and "remove the password" in error.hint.lower()


def test_a_pdf_encrypted_beyond_what_pypdf_can_decrypt_is_called_encrypted(monkeypatch) -> None:
    """AES needs an optional library in pypdf; without it decrypting raises, and the file is still
    reported as encrypted rather than damaged."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    def refuse(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", refuse)
    error = _error(lambda: parse_bytes(encrypt_pdf(make_pdf([["Locked terms."]])), source="aes.pdf"))
    assert str(error).startswith("aes.pdf: is an encrypted PDF that cannot be decrypted (cryptography")
    assert error.hint == hints.ENCRYPTED_PDF


def test_damaged_pdf() -> None:
    error = _error(lambda: parse_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF", source="bad.pdf"))
    assert "bad.pdf: is not a readable PDF" in str(error)
    assert error.hint == hints.DAMAGED_PDF


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_pdf_cut_short_says_so_in_plain_words(keep: float) -> None:
    """pypdf's "Stream has ended unexpectedly" told a reader nothing about why."""
    data = make_pdf([["We may share your data."] * 40] * 3)
    error = _error(lambda: parse_bytes(data[: int(len(data) * keep)], source="cut.pdf"))
    assert str(error) == ("cut.pdf: is not a readable PDF (the file ends too soon: it was cut short, "
                          "perhaps by a download that did not finish)")


def test_an_empty_name_and_a_broken_link_are_named_as_such(tmp_path: Path) -> None:
    """An empty name read as "." ("is a directory"); a link to a missing file as "no such file"."""
    assert str(_error(lambda: parse_file(""))) == "'': is not a file name: the name given is empty"
    link = tmp_path / "terms.md"
    target = tmp_path / "gone" / "terms.md"
    link.symlink_to(target)
    assert str(_error(lambda: parse_file(link))) == f"{link}: is a link to {target}, which does not exist"


def test_noise_named_pdf_is_called_not_a_pdf() -> None:
    """Random bytes named .pdf were "a binary file (it contains NUL bytes)"; a text file so named is
    still read as text."""
    noise = bytes((i * 7919 + 13) % 256 for i in range(3000))
    error = _error(lambda: parse_bytes(noise, source="terms.pdf"))
    assert str(error).startswith("terms.pdf: is named .pdf but is not a PDF (it does not begin with %PDF-)")
    assert error.hint == hints.DAMAGED_PDF
    (clause,) = parse_bytes(b"We may sell your data.\n", source="terms.pdf").clauses
    assert clause.text == "We may sell your data."


def test_too_large_missing_and_directory(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 2048)
    too_large = _error(lambda: parse_file(big, max_bytes=1024))
    assert isinstance(too_large, UnsupportedDocument) and too_large.hint == hints.TOO_LARGE
    assert "--max-mb" in too_large.hint
    missing = _error(lambda: parse_file(tmp_path / "nope.md"))
    assert isinstance(missing, DocumentNotFound) and missing.hint == hints.CHECK_PATH
    folder = _error(lambda: parse_file(tmp_path))
    assert isinstance(folder, DocumentNotFound) and folder.hint == hints.PICK_A_FILE


@pytest.mark.parametrize(("data", "hint"), [
    (b"", hints.EMPTY),
    (b"PK\x03\x04" + b"\x00" * 64, hints.OTHER_FORMAT),
    (b"\xef\xbb\xbfok\xff\xfe bad", hints.RESAVE_AS_UTF8),
    (b"- " * 100 + b"deep\n", hints.TOO_DEEP),
])
def test_text_input_errors(data: bytes, hint: str) -> None:
    assert _error(lambda: parse_bytes(data, source="doc.md")).hint == hint


@pytest.mark.parametrize("data", [
    b"\x00" * 200,                                  # even length: once read as UTF-16 full of U+0000
    b"\x00" * 201,
    b"\x00" * 150 + b"terms" + b"\x00" * 150,
    "Terms of use".encode("utf-16-le") + b"\x00" * 400,
])
def test_nul_only_and_nul_heavy_bytes_are_refused_as_binary(data: bytes) -> None:
    error = _error(lambda: parse_bytes(data, source="zeros.txt"))
    assert isinstance(error, UnsupportedDocument)
    assert str(error) == "zeros.txt: is a binary file (it contains NUL bytes), not a text document"
    assert error.hint == hints.OTHER_FORMAT


def test_utf16_without_a_mark_is_still_read() -> None:
    assert "Terms of use" in parse_bytes("Terms of use\n".encode("utf-16-le"), source="x.txt").text


def test_a_page_that_is_only_scripts() -> None:
    page = b"<html><body><script>render()</script></body></html>"
    error = _error(lambda: parse_bytes(page, source="app.html"))
    assert isinstance(error, EmptyDocument)
    assert error.hint == hints.SCRIPT_ONLY_PAGE and "browser" in error.hint


def test_an_aes_pdf_locked_only_by_an_owner_password_opens() -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["We may sell your data to brokers."]]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert "sell your data" in parse_bytes(out.getvalue(), source="aes.pdf").text
