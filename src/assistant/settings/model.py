"""The one settings object: a frozen dataclass of the knob groups, read by dotted name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from assistant.settings.answering import (
    AnswerPolicy,
    Broad,
    Conversation,
    Limits,
    Paths,
    Retrieval,
    Structure,
)
from assistant.settings.fields import SettingsError, coerce
from assistant.settings.service import LLM, UI, Desk, Evaluation, Runtime


@dataclass(frozen=True)
class Settings:
    paths: Paths = field(default_factory=Paths)
    limits: Limits = field(default_factory=Limits)
    retrieval: Retrieval = field(default_factory=Retrieval)
    answer: AnswerPolicy = field(default_factory=AnswerPolicy)
    conversation: Conversation = field(default_factory=Conversation)
    structure: Structure = field(default_factory=Structure)
    broad: Broad = field(default_factory=Broad)
    desk: Desk = field(default_factory=Desk)
    ui: UI = field(default_factory=UI)
    runtime: Runtime = field(default_factory=Runtime)
    evaluation: Evaluation = field(default_factory=Evaluation)
    llm: LLM = field(default_factory=LLM)

    def get(self, dotted: str) -> Any:
        group, name = split(dotted)
        return getattr(getattr(self, group), name)

    def with_values(self, values: Mapping[str, Any]) -> Settings:
        """A copy with `{"group.name": value}` applied, each checked and coerced."""
        out = self
        for dotted, raw in values.items():
            group, name = split(dotted)
            sub = getattr(out, group)
            f = {x.name: x for x in fields(sub)}[name]
            out = replace(out, **{group: replace(sub, **{name: coerce(dotted, f, raw)})})
        return out


GROUPS = {f.name: f for f in fields(Settings)}


def split(dotted: str) -> tuple[str, str]:
    """"group.name" -> (group, name), or a SettingsError listing the known names."""
    group, _, name = dotted.partition(".")
    if group not in GROUPS or name not in {f.name for f in fields(group_type(group))}:
        raise SettingsError(f"unknown setting {dotted!r}; known: {', '.join(all_names())}")
    return group, name


def group_type(group: str) -> Any:
    return type(getattr(Settings(), group))


def all_names() -> list[str]:
    return [f"{g}.{f.name}" for g in GROUPS for f in fields(group_type(g))]
