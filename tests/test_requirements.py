"""The install: the image gets the runtime requirements only; `make test` gets the development ones too;
every requirement is pinned with hashes, and the compiled files match what the .in files ask for."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQ = ROOT / "requirements"
TEST_TOOLS = {"pytest", "pytest-django", "pytest-xdist", "playwright", "locust", "hypothesis", "ruff"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def compiled(name: str) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, hashes)} of a pip-compile output file."""
    pins, current = {}, None
    for line in (REQ / name).read_text().splitlines():
        if match := PIN.match(line):
            current = canonical(match[1])
            pins[current] = (match[2].rstrip(" \\"), [])
        elif current and (h := re.search(r"--hash=(sha256:[0-9a-f]{64})", line)):
            pins[current][1].append(h[1])
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"{name}: unexpected line {line!r}")
    return pins


def asked(name: str) -> dict[str, str]:
    """{package: version} pinned in an .in file, following its -r includes."""
    pins = {}
    for line in (REQ / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins |= asked(line[3:])
        elif match := PIN.match(line):
            pins[canonical(match[1])] = match[2]
    return pins


def docker_requirement_files() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    return re.findall(r"-r\s+(\S+)", text)


def test_the_image_installs_the_runtime_requirements_only_and_they_hold_no_test_tools():
    assert docker_requirement_files() == ["requirements/build.txt", "requirements/base.txt"]
    base = compiled("base.txt")
    assert "django" in base and "celery" in base and "gunicorn" in base
    assert TEST_TOOLS.isdisjoint(base), TEST_TOOLS & set(base)
    assert TEST_TOOLS.isdisjoint(compiled("build.txt"))


def test_development_requirements_hold_the_runtime_ones_at_the_same_versions_and_the_test_tools():
    base, dev = compiled("base.txt"), compiled("dev.txt")
    assert {name: version for name, (version, _) in base.items()} == {
        name: dev[name][0] for name in base if name in dev
    }
    assert set(base) <= set(dev)
    assert TEST_TOOLS <= set(dev)


def test_every_requirement_is_pinned_with_hashes():
    for name in ("base.txt", "dev.txt", "build.txt"):
        pins = compiled(name)
        assert pins, name
        assert [p for p, (_, hashes) in pins.items() if not hashes] == [], name


def test_the_compiled_files_match_the_versions_the_in_files_ask_for():
    """A pin changed in an .in file without `make requirements` fails here."""
    for source, output in (("base.in", "base.txt"), ("dev.in", "dev.txt")):
        pins = compiled(output)
        assert {p: pins.get(p, ("missing",))[0] for p in asked(source)} == asked(source), source


def test_make_run_installs_the_runtime_and_make_test_the_development_requirements():
    makefile = (ROOT / "Makefile").read_text()
    base_rule = makefile[makefile.index("$(BIN)/.installed-base:"):makefile.index("$(BIN)/.installed-dev:")]
    dev_rule = makefile[makefile.index("$(BIN)/.installed-dev:"):].split("\n\n")[0]
    assert "-r requirements/base.txt" in base_rule and "dev.txt" not in base_rule
    assert "-r requirements/dev.txt" in dev_rule
    assert "--require-hashes" in makefile
    assert re.search(r"^setup: \$\(BIN\)/\.installed-base", makefile, re.M)
    assert re.search(r"^test: setup-dev", makefile, re.M) and re.search(r"^setup-dev: \$\(BIN\)/\.installed-dev", makefile, re.M)
