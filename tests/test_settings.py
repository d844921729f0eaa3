from pathlib import Path

import pytest

from assistant import settings as S


def test_defaults_have_reasons_and_ranges_hold():
    rows = S.describe(S.Settings())
    assert rows and all(why for _, _, _, why in rows)
    for name, value, rng, _ in rows:
        if rng:
            lo, hi = (float(x) for x in rng.strip("[]").split(","))
            assert lo <= value <= hi, name


def test_precedence_preset_then_env_then_set(tmp_path: Path):
    preset = tmp_path / "p.toml"
    preset.write_text("[limits]\nquestion_chars = 300\nunit_chars = 900\n", encoding="utf-8")
    env = {"ASSISTANT_LIMITS_UNIT_CHARS": "800", "ASSISTANT_EMBEDDER": "fake"}
    s = S.load(preset, ["limits.question_chars=50"], env=env)
    assert s.limits.question_chars == 50 and s.limits.unit_chars == 800
    assert s.paths.embedder == "fake"  # the historical variable still works
    assert S.load(env={}).limits.question_chars == S.Limits().question_chars


@pytest.mark.parametrize("bad", ["limits.question_chars=0", "limits.nope=1", "nogroup.x=1",
                                 "limits.question_chars=abc", "limits.question_chars"])
def test_bad_values_are_named_errors(bad):
    with pytest.raises(S.SettingsError):
        S.load(None, [bad], env={})


def test_bad_preset_is_named(tmp_path: Path):
    p = tmp_path / "p.toml"
    p.write_text("limits = 3\n", encoding="utf-8")
    with pytest.raises(S.SettingsError, match="must be a table"):
        S.load(p, env={})


def test_shipped_preset_loads():
    root = Path(__file__).resolve().parents[1]
    assert S.load(root / "configs" / "default.toml", env={}) == S.Settings()


def test_historical_environment_names_reach_their_runtime_and_ui_knobs() -> None:
    env = {"ASSISTANT_FLAT_MAX": "123", "ASSISTANT_HOST": "0.0.0.0", "ASSISTANT_UPLOADS": "1",
           "ASSISTANT_RUNTIME_PARSE_TIMEOUT": "7.5"}
    s = S.load(env=env)
    got = (s.runtime.flat_max, s.ui.host, s.ui.uploads, s.runtime.parse_timeout)
    assert got == (123, "0.0.0.0", True, 7.5)
    with pytest.raises(S.SettingsError, match="ui.port"):
        S.load(env={"ASSISTANT_PORT": "70000"})


def test_only_the_settings_module_reads_the_assistants_environment() -> None:
    import re
    from pathlib import Path

    src = Path(S.__file__).resolve().parent
    readers = [str(p.relative_to(src)) for p in src.rglob("*.py") if p.name != "settings.py"
               and re.search(r"(environ\.get|getenv|environ\[)\(?\s*[\"']ASSISTANT_", p.read_text("utf-8"))]
    assert readers == []
