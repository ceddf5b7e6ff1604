"""What to do next, for each way a document can fail to open.

Every :class:`~terms.errors.DocumentError` raised while reading a document carries one of
these as its ``hint``: the GUI shows it under the headline and the command line prints it
on the line after the message. The message says what is wrong; the hint says what the
person can do about it, in words that do not assume the command line.
"""

from __future__ import annotations

CHECK_PATH = "Check the name and folder, or choose the file again."
PERMISSION = "Check that the file is not locked by another program and that you may read it."
PICK_A_FILE = "Choose a document file (Markdown, text, HTML or PDF) rather than a folder or device."
TOO_LARGE = ("Save just the terms text (as text or PDF, without the page's images) and open that; "
             "the command `clearterms analyze FILE --max-mb N` reads a larger file.")
EMPTY = ("The file may not have finished saving or downloading: save or download it again, or copy the "
         "terms into a new file, and open that.")
SCRIPT_ONLY_PAGE = ("The page builds its text in the browser: open it there and save it as PDF, or copy the "
                    "text into a .txt file, then open that.")
OTHER_FORMAT = "Export the document as PDF, HTML, Markdown or plain text, then open that."
RESAVE_AS_UTF8 = "Open it in a text editor and save it again as UTF-8, then open that copy."
TOO_DEEP = ("The file looks machine-generated or damaged; copy the text into a .txt file and open that "
            "instead.")
ENCRYPTED_PDF = "Remove the password in a PDF reader (save or print an unprotected copy), then open it again."
SCANNED_PDF = ("Run OCR on it (many PDF readers can) and open the result, or open the original text, such "
               "as the web page the PDF was made from.")
DAMAGED_PDF = ("Download or export the PDF again, or open the original text, such as the web page it "
               "came from.")
