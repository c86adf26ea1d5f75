"""Which source files decide a result, found by reading the imports (never listed by hand).

The parse cache and the build fingerprint must change whenever code that
shapes their results changes. Both start from a few modules and follow
every import of this project's packages, including imports made inside
functions (lazy ones); a module named in `keyed_apart` is left out and not
followed, for results keyed separately (the template's data, the checks).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

#: The top-level packages of this project; imports of anything else (the standard library,
#: third-party packages) are pinned by the package version, not followed.
PACKAGES = ("pipelines", "warehouse")
ROOT = Path(__file__).resolve().parents[2]


def _source(name: str) -> Path | None:
    """The file of module `name` (a package's __init__.py), or None if it is no module here."""
    base = ROOT.joinpath(*name.split("."))
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


_IMPORT = re.compile(r"^([ \t]*)(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)|import[ \t]+([^\n#]+))",
                     re.MULTILINE)


@lru_cache(maxsize=None)
def _import_lines(path: Path) -> tuple[tuple[bool, str | None, tuple[tuple[str, str], ...]], ...]:
    """(at top level, `from` module or None, ((name, bound as), ...)) of every import statement
    in a module's source, indented (lazy) ones too. Read as text: far cheaper than a syntax tree,
    and a false find (an import inside a string) only widens a key."""
    out = []
    for m in _IMPORT.finditer(path.read_text(encoding="utf-8")):
        names = (m.group(3) or m.group(4)).strip().strip("()").replace("\\\n", " ")
        pairs = []
        for item in names.split(","):
            words = item.split()
            if words:
                pairs.append((words[0], words[2] if len(words) == 3 and words[1] == "as" else words[0]))
        out.append((m.group(1) == "", m.group(2), tuple(pairs)))
    return tuple(out)


def _imports(path: Path, top_level_only: bool = False) -> list[tuple[str, bool]]:
    """(module, whether all of it is used) for every project module `path` may import (with
    `top_level_only`, only the imports run when the module itself is imported). `import a.b`
    and `from a import b` with b a module use all of a.b; `from a import f` with f a function
    uses all of a (f may import lazily), otherwise a package is only run, not used."""
    out: list[tuple[str, bool]] = []
    for top, module, names in _import_lines(path):
        if top_level_only and not top:
            continue
        if module is None:
            out.extend((name, True) for name, _bound in names)
        elif not module.startswith("."):
            subs = [f"{module}.{name}" for name, _bound in names]
            modules = [m for m in subs if _source(m) is not None]
            out.extend((m, True) for m in modules)
            out.append((module, len(modules) < len(subs)))
    return out


def module_closure(start: Iterable[str], keyed_apart: Iterable[str] = ()) -> dict[str, Path]:
    """{module: source file} of the `start` modules and every project module they import,
    directly or not, lazily (inside functions) too. Importing `a.b` also runs `a/__init__.py`:
    such a parent package is included with the imports it runs when imported, not the lazy ones
    of its functions. `keyed_apart` modules are neither included nor followed."""
    skip = set(keyed_apart)
    found: dict[str, Path] = {}
    followed: dict[str, bool] = {}  # module -> all its imports followed (not only the top-level ones)
    todo = [(name, True) for name in start]
    while todo:
        name, full = todo.pop()
        if followed.get(name, False) or (name in followed and not full) or name in skip \
                or name.split(".")[0] not in PACKAGES:
            continue
        path = _source(name)
        if path is None:  # `from a import f`: f is a function, not a module
            continue
        found[name] = path
        followed[name] = full
        parts = name.split(".")
        todo.extend((".".join(parts[:i]), False) for i in range(1, len(parts)))
        todo.extend(_imports(path, top_level_only=not full))
    return dict(sorted(found.items()))


def digest(files: Iterable[Path], *extra: bytes) -> str:
    """SHA-256 over the files' paths (relative to the repository) and bytes, then `extra`."""
    h = hashlib.sha256()
    for f in sorted(set(files)):
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    for e in extra:
        h.update(e)
    return h.hexdigest()


def names_used(files: Iterable[Path], module: str) -> set[str] | None:
    """The names of `module` these files read (`import module as M` or `from parent import leaf
    as M`, then `M.name`; or `from module import name`); None when one of them uses the module
    in a way that cannot be followed (passed around whole), so that the caller takes every name."""
    parent, _, leaf = module.rpartition(".")
    used: set[str] = set()
    for path in files:
        aliases: set[str] = set()
        for _top, mod, names in _import_lines(path):
            if mod == module:
                used.update(name for name, _bound in names)
            elif mod == parent:
                aliases.update(bound for name, bound in names if name == leaf)
            elif mod is None:
                aliases.update(bound for name, bound in names if name == module and bound != name)
        if not aliases:
            continue
        text = path.read_text(encoding="utf-8")
        for alias in aliases:
            refs = re.findall(rf"(?<![\w.]){re.escape(alias)}\b(\.\w+)?", text)
            used.update(r[1:] for r in refs if r)
            if sum(1 for r in refs if not r) > 1:  # besides the import itself, the module is used whole
                return None
    return used


def _canonical(value: object, module: object, seen: set[str]) -> object:
    """An order-stable form of a data value of `module`, nested tuples of strings whose repr is
    canonical (sets sorted; a function of the module: its source and the module values it reads)."""
    import dataclasses
    import inspect
    import types

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                tuple((f.name, _canonical(getattr(value, f.name), module, seen)) for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return ("dict", tuple((_canonical(k, module, seen), _canonical(v, module, seen)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_canonical(v, module, seen) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(repr(_canonical(v, module, seen)) for v in value)))
    if isinstance(value, type) and dataclasses.is_dataclass(value):  # its fields, not its docstring
        return ("class", value.__name__, tuple((f.name, str(f.type), _canonical(
            f.default if f.default is not dataclasses.MISSING else None, module, seen)) for f in dataclasses.fields(value)))
    if isinstance(value, (types.FunctionType, type)):
        reads = value.__code__.co_names if isinstance(value, types.FunctionType) else ()
        own = tuple((n, _canonical(getattr(module, n), module, seen | {n})) for n in sorted(set(reads))
                    if n not in seen and hasattr(module, n) and getattr(module, n) is not value)
        return ("code", inspect.getsource(value), own)
    return repr(value)


def data_digest(module: object, names: set[str] | None) -> bytes:
    """A digest of the values `names` (None: every public name) have in `module`, canonical so
    that it changes with the data only, not with how the file is written."""
    chosen = sorted(n for n in (names if names is not None else dir(module))
                    if hasattr(module, n) and not n.startswith("__") and not isinstance(getattr(module, n), type(re)))
    form = tuple((n, _canonical(getattr(module, n), module, {n})) for n in chosen)
    return hashlib.sha256(repr(form).encode()).digest()  # repr, not pickle: pickle's bytes depend on object identity
