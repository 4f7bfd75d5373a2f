"""The editors' block reference (docs/blocks.md) is the one the models write, and it leaves nothing out."""

from __future__ import annotations

import re
import typing

from generator.reading.model import BLOCK_KINDS, ContentModel, PeriodInfo, Section
from generator.reading.reference import EXAMPLES, PARTS, THAI_PURPOSE, render_reference

from .conftest import ROOT


def test_the_committed_reference_is_the_one_the_models_write():
    committed = (ROOT / "docs" / "blocks.md").read_text(encoding="utf-8")
    assert committed == render_reference(), "the models changed: run `make docs` and commit docs/blocks.md"


def _models_reachable() -> set[type[ContentModel]]:
    seen: set[type[ContentModel]] = set()
    waiting: list[type[ContentModel]] = [PeriodInfo, Section, *BLOCK_KINDS]
    while waiting:
        model = waiting.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            waiting += [found for found in _models_in(info.annotation) if found not in seen]
    return seen


def _models_in(annotation) -> list[type[ContentModel]]:
    if isinstance(annotation, type) and issubclass(annotation, ContentModel):
        return [annotation]
    return [model for argument in typing.get_args(annotation) for model in _models_in(argument)]


def test_every_model_a_period_uses_is_in_the_reference_with_every_field_described():
    reference = render_reference()
    for model in _models_reachable():
        if model in BLOCK_KINDS:
            tag = typing.get_args(model.model_fields["type"].annotation)[0]
            assert f"### `type: {tag}`" in reference
            assert tag in THAI_PURPOSE and tag in EXAMPLES, f"{tag}: a Thai purpose and an example are missing"
        elif model not in (PeriodInfo, Section):
            assert model in PARTS, f"{model.__name__} is not among the reference's parts"
        for name, info in model.model_fields.items():
            if name == "type":
                continue
            assert info.description, f"{model.__name__}.{name} has no docstring for editors"
            assert re.search(rf"\| `{name}` \|", reference), f"{model.__name__}.{name} is missing"


def test_each_example_is_valid_content_of_its_kind():
    # The examples are what an editor copies: each must pass validation as a block of a section.
    import yaml

    for tag, example in EXAMPLES.items():
        blocks = yaml.safe_load(example)
        section = Section.model_validate({"title": {"th": "ตัวอย่าง", "en": "Example"}, "blocks": blocks}, strict=False)
        assert section.blocks[0].type == tag
