"""The project's translatable strings, read straight from the source (no GNU gettext needed),
and the English catalogs (locale/<feature>/en/LC_MESSAGES/django.po)."""

import ast
import re
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SOURCE_DIRS = ("agencies", "attendance", "policies", "rosterhub", "templates")
GETTEXT = {"_", "_lazy", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}

TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msg>.*?)(?P=q)(?P<rest>[^%]*)%}""")
TEMPLATE_UNDERSCORE = re.compile(r"""_\((?P<q>["'])(?P<msg>.*?)(?P=q)\)""")
BLOCK = re.compile(r"{%\s*blocktrans(?:late)?(?P<opts>[^%]*)%}(?P<body>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def _python_msgids(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in GETTEXT:
            continue
        args = node.args[1:] if name.startswith("pgettext") else node.args
        texts = [a.value for a in args[: 2 if name in PLURAL else 1] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        for text in texts:
            yield text, f"{path.relative_to(ROOT)}:{node.lineno}"


def _template_msgids(path: Path):
    text = path.read_text(encoding="utf-8")
    for m in TRANSLATE_TAG.finditer(text):
        yield m["msg"], f"{path.relative_to(ROOT)}"
    for m in TEMPLATE_UNDERSCORE.finditer(text):
        yield m["msg"], f"{path.relative_to(ROOT)}"
    for m in BLOCK.finditer(text):
        parts = re.split(r"{%\s*plural\s*%}", m["body"])
        for part in parts:
            msg = VARIABLE.sub(r"%(\1)s", part.replace("%", "%%"))
            if "trimmed" in m["opts"]:
                msg = " ".join(msg.split())
            yield msg, f"{path.relative_to(ROOT)}"


def source_msgids() -> dict[str, str]:
    """msgid -> where it is first used."""
    found: dict[str, str] = {}
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if "migrations" in path.parts or "management" in path.parts and "demo" not in path.parts:
                continue
            if path.suffix == ".py":
                pairs = _python_msgids(path)
            elif path.suffix in (".html", ".txt"):
                pairs = _template_msgids(path)
            else:
                continue
            for msgid, where in pairs:
                found.setdefault(msgid, where)
    return found


def english_catalog() -> dict[str, str]:
    entries: dict[str, str] = {}
    for po_path in sorted((ROOT / "locale").glob("*/en/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(po_path)):
            text = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
            if text and not entry.obsolete:
                entries.setdefault(entry.msgid, text)
                if entry.msgid_plural:
                    entries.setdefault(entry.msgid_plural, (entry.msgstr_plural or {}).get(1, text))
    return entries
