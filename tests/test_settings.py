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
    readers = [str(p.relative_to(src)) for p in src.rglob("*.py") if p.parent.name != "settings"
               and re.search(r"(environ\.get|getenv|environ\[)\(?\s*[\"']ASSISTANT_", p.read_text("utf-8"))]
    assert readers == []


def _presets(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "presets"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def test_embedder_preset_sits_under_preset_env_and_set(tmp_path: Path) -> None:
    folder = _presets(tmp_path, "emb-a", "[retrieval]\nw_bm25 = 0.25\nw_chars = 0.25\nw_named = 0.25\n"
                                         "[limits]\nupload_files = 3\n")
    preset = tmp_path / "mine.toml"
    preset.write_text("[retrieval]\nw_chars = 0.75\nw_named = 0.75\n[limits]\nupload_files = 5\n",
                      encoding="utf-8")
    env = {"ASSISTANT_PATHS_PRESETS": str(folder), "ASSISTANT_PATHS_EMBEDDER": "emb-a",
           "ASSISTANT_RETRIEVAL_W_NAMED": "2.5", "ASSISTANT_LIMITS_UPLOAD_FILES": "6"}
    got = S.resolve(preset, ["limits.upload_files=9"], env=env)
    r = got.settings.retrieval
    assert (r.w_bm25, r.w_chars, r.w_named, got.settings.limits.upload_files) == (0.25, 0.75, 2.5, 9)
    o = got.origins
    assert o["retrieval.w_bm25"] == str(folder / "emb-a.toml")
    assert o["retrieval.w_chars"] == f"preset {preset}"
    assert o["retrieval.w_named"] == "env ASSISTANT_RETRIEVAL_W_NAMED"
    assert o["limits.upload_files"] == "--set" and "retrieval.w_unit" not in o


def test_the_verbs_embedder_chooses_the_preset(tmp_path: Path) -> None:
    folder = _presets(tmp_path, "emb-b", "[retrieval]\nw_type = 0.5\n")
    env = {"ASSISTANT_PATHS_PRESETS": str(folder), "ASSISTANT_EMBEDDER": "elsewhere"}
    assert S.load(env=env).retrieval.w_type == S.Retrieval().w_type
    assert S.load(env=env, embedder="emb-b").retrieval.w_type == 0.5


def test_an_embedder_without_a_preset_file_gets_the_defaults(tmp_path: Path) -> None:
    folder = _presets(tmp_path, "emb-c", "[retrieval]\nw_type = 0.5\n")
    got = S.resolve(env={"ASSISTANT_PATHS_PRESETS": str(folder)}, embedder="emb-without-file")
    assert got.settings == S.Settings().with_values({"paths.presets": str(folder)})
    assert set(got.origins) == {"paths.presets"}


@pytest.mark.parametrize("text", ["[retrieval]\nw_bm25 = 99.0\n", "[retrieval]\nno_such_knob = 1\n",
                                  "[retrieval\nw_bm25 = 1.0\n", "retrieval = 2\n",
                                  "[paths]\nembedder = \"other\"\n"])
def test_a_bad_embedder_preset_is_a_named_error(tmp_path: Path, text: str) -> None:
    folder = _presets(tmp_path, "emb-d", text)
    # named even where --set would replace the bad value
    with pytest.raises(S.SettingsError, match=r"embedder preset .*emb-d\.toml"):
        S.load(None, ["retrieval.w_bm25=1.0"], env={"ASSISTANT_PATHS_PRESETS": str(folder)},
               embedder="emb-d")


def test_settings_verb_shows_where_each_value_came_from(tmp_path: Path, monkeypatch, capsys) -> None:
    from assistant.cli import main

    folder = _presets(tmp_path, "e5-small-onnx", "[retrieval]\nw_sentence = 0.5\n")
    monkeypatch.setenv("ASSISTANT_PATHS_PRESETS", str(folder))
    monkeypatch.setenv("ASSISTANT_LIMITS_UPLOAD_FILES", "4")
    monkeypatch.delenv("ASSISTANT_EMBEDDER", raising=False)
    monkeypatch.delenv("ASSISTANT_PATHS_EMBEDDER", raising=False)
    assert main(["--set", "broad.depth=30", "settings"]) == 0
    lines = {line.split(" = ")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "= 0.5  [0, 5]  (" + str(folder / "e5-small-onnx.toml") + ")" in lines["retrieval.w_sentence"]
    assert "(env ASSISTANT_LIMITS_UPLOAD_FILES)" in lines["limits.upload_files"]
    assert "= 30  [5, 500]  (--set)" in lines["broad.depth"]
    assert "(default)" in lines["retrieval.w_unit"]


def test_settings_made_in_code_show_what_they_change() -> None:
    S.use(S.Settings().with_values({"broad.depth": 33}))
    assert S.origins() == {"broad.depth": "set in code"}


def test_writing_a_preset_keeps_its_other_values(tmp_path: Path) -> None:
    path = tmp_path / "emb-e.toml"
    path.write_text("[limits]\nupload_files = 2\n[retrieval]\nbm25 = false\nw_type = 0.5\n",
                    encoding="utf-8")
    S.write_preset(path, {"retrieval": {"w_type": 1.5, "rerank_top": 3}}, "refitted")
    got = S.load(env={"ASSISTANT_PATHS_PRESETS": str(tmp_path)}, embedder="emb-e")
    r = got.retrieval
    assert (got.limits.upload_files, r.bm25, r.w_type, r.rerank_top) == (2, False, 1.5, 3)
    assert path.read_text(encoding="utf-8").startswith("# refitted\n")


def test_a_verbs_embedder_option_loads_that_embedders_preset(tmp_path: Path, monkeypatch) -> None:
    from assistant import cli

    folder = _presets(tmp_path, "fake", "[retrieval]\nw_type = 0.5\n")
    monkeypatch.setenv("ASSISTANT_PATHS_PRESETS", str(folder))
    seen = []
    monkeypatch.setattr(cli, "cmd_search", lambda args: seen.append(
        (args.embedder, S.current().retrieval.w_type, S.origins().get("retrieval.w_type"))) or 0)
    assert cli.main(["search", "anything", "--embedder", "fake"]) == 0
    assert cli.main(["search", "anything", "--embedder", "fake", "--set", "retrieval.w_type=0.25"]) == 0
    assert seen == [("fake", 0.5, str(folder / "fake.toml")), ("fake", 0.25, "--set")]
