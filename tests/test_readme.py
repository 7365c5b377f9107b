"""The README's commands are real: each `$ kg query ...` block prints exactly what the README shows,
and every subcommand is documented."""

from __future__ import annotations

import re
import shlex

import pytest

from kg.cli import COMMANDS, main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n\$ (kg query [^\n]+)\n(.*?)```", README, flags=re.S)


def test_readme_has_query_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize(("command", "expected"), BLOCKS, ids=[b[0].rsplit("/", 1)[-1] for b in BLOCKS])
def test_readme_query_output(command: str, expected: str, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out == expected


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"kg {command}" in README
