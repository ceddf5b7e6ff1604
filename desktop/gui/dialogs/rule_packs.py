"""Rule packs: the bundled default pack and the user's own packs, with every validation message.

Packs are validated on a worker (loading runs each rule's self-test examples); a pack
that fails is listed with each problem as ``file:line: message``, and flagging keeps
using the last combination that loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.workers import CancelToken, JobRunner
from terms import wording
from terms.rulepacks.lint import pack_warnings
from terms.rulepacks.loader import default_pack_path


def check_combination(paths: list[str], _token: CancelToken) -> Any:
    """Load the default pack plus ``paths``; returns the RulePack or raises RulePackError."""
    from terms.rulepacks.loader import check_packs

    return check_packs([Path(p) for p in paths])


def describe_pack(pack: Any) -> list[str]:
    lines = []
    for source in pack.sources:
        rules = sum(1 for r in pack.rules if r.source == source.path)
        categories = sum(1 for c in pack.categories.values() if c.source == source.path)
        lines.append(f"✔ {source.name} ({source.id} {source.version}): {categories} categories, "
                     f"{rules} rules, examples pass. SHA-256 {source.sha256[:16]}…")
    own = {s.path for s in pack.sources} - {str(default_pack_path())}
    lines += [f"  ⚠ {warning}" for warning in pack_warnings(pack, own)]
    return lines


class RulePacksDialog(QDialog):
    """Lists packs; Add/Remove change the user's packs; every change is validated at once."""

    packs_changed = Signal(list)   # the user's pack paths, after a successful check

    def __init__(self, runner: JobRunner, user_packs: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rule packs")
        self.runner = runner
        self.user_packs = list(user_packs)
        self.last_ok: Any = None
        self.in_use = list(user_packs)   # the packs flagging uses: those of the last good check
        self.list = QListWidget()
        self.list.setAccessibleName("Rule packs")
        self.messages = QPlainTextEdit()
        self.messages.setReadOnly(True)
        self.messages.setAccessibleName("Validation messages")
        add = QPushButton("&Add pack…")
        self.remove_button = QPushButton("&Remove")
        check = QPushButton("&Check again")
        row = QHBoxLayout()
        for w in (add, self.remove_button, check):
            row.addWidget(w)
        row.addStretch(1)
        for button in (add, self.remove_button, check):  # Enter closes the dialog, opens no file dialog
            button.setAutoDefault(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout = QVBoxLayout(self)
        self.intro = QLabel("Flagging uses the bundled default pack, then your own packs in this order. "
                            "The format is described in the guide to rule packs, docs/rule-packs.md in "
                            "the ClearTerms source.")
        self.intro.setWordWrap(True)  # one line was 1,225 px wide at a 16 pt font
        layout.addWidget(self.intro)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(QLabel("&Validation:", buddy=self.messages))
        layout.addWidget(self.messages, 1)
        layout.addWidget(buttons)
        add.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self._remove)
        check.clicked.connect(self.check)
        buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(lambda row: self.remove_button.setEnabled(row > 0))
        self.resize(680, 480)
        self._fill()
        self.check()

    def reopen(self, user_packs: list[str]) -> None:
        """Show the packs now in use, and those added here that failed their check (closing the
        dialog dropped them without a word), and check them all again (files may have changed)."""
        self.user_packs = list(user_packs) + [p for p in self.user_packs if p not in user_packs]
        self._fill()
        self.check()

    def _fill(self, unused: frozenset[str] = frozenset(), base_first: bool = False) -> None:
        """List the packs; ``unused``: those flagging does not use (their combination failed);
        ``base_first``: the first of the user's packs stands alone, without the default pack."""
        self.list.clear()
        default = "Default pack (bundled with ClearTerms)"
        if base_first:
            default += " — not used: your first pack is a base pack, which replaces it"
        self.list.addItem(QListWidgetItem(default))
        for path in self.user_packs:
            shown = f"{path} — not in use: see the problems below" if path in unused else path
            self.list.addItem(QListWidgetItem(shown))
        self.remove_button.setEnabled(False)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add a rule pack", str(Path.home()),
                                              "Rule packs (*.yaml *.yml);;All files (*)")
        if path:
            self.add_pack(path)

    def add_pack(self, path: str) -> None:
        if path not in self.user_packs:
            self.user_packs.append(path)
            self._fill()
            self.check()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row > 0:
            del self.user_packs[row - 1]
            self._fill()
            self.check()

    def check(self) -> None:
        paths = list(self.user_packs)
        self.messages.setPlainText("Checking…")
        self.runner.submit("rulepacks", lambda token: check_combination(paths, token),
                           on_result=lambda pack: self._ok(paths, pack), on_error=self._failed)

    def _ok(self, paths: list[str], pack: Any) -> None:
        self.last_ok = pack
        self.in_use = list(paths)
        row = self.list.currentRow()
        self._fill(base_first=bool(paths) and bool(pack.sources) and pack.sources[0].base)
        self.list.setCurrentRow(row)
        lines = describe_pack(pack)
        lines.append(f"\nIn use: {len(pack.categories)} categories, {len(pack.rules)} rules.")
        self.messages.setPlainText("\n".join(lines))
        self.packs_changed.emit(paths)

    def _failed(self, exc: BaseException, _tb: str) -> None:
        row = self.list.currentRow()
        self._fill(unused=frozenset(p for p in self.user_packs if p not in self.in_use))
        self.list.setCurrentRow(row)
        problems = getattr(exc, "problems", None)
        if problems:
            found = wording.count(len(problems), "problem")
            text = [f"✘ {found}; flagging keeps the packs that last loaded (a pack in use that breaks "
                    "later is left out, and each document says so):"]
            text += [f"  {p}" for p in problems]
        else:
            text = [f"✘ {exc}"]
        hint = getattr(exc, "hint", None)
        if hint:
            text.append(hint)
        self.messages.setPlainText("\n".join(text))
