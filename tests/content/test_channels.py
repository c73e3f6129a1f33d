"""Filing channels (channels.yaml): every letter's remedy is filed through a channel, an unknown
remedy is refused, and the Civil Procedure Law's posting rule is cited from primary text."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic.bundle import load_content
from clinic.channels import load_channels
from clinic.contentfiles import ContentError

CONTENT = Path(__file__).resolve().parents[2] / "clinic" / "content"


@pytest.fixture(scope="module")
def content():
    return load_content(CONTENT)


def test_every_letter_is_filed_through_a_channel(content):
    """A letter goes through its remedy's channel; a follow-up letter (the chasing letter) through
    the channel of the filing each of its grounds chases."""
    for letter in content.letters.letters.values():
        remedies = [letter.remedy] if letter.remedy else [g.chases for g in letter.grounds if g.chases]
        assert remedies, letter.id
        for remedy in remedies:
            assert content.channels.for_remedy(remedy), (letter.id, remedy)


def test_the_posting_rule_is_cited_from_primary_text(content):
    court = next(c for c in content.channels.channels if c.id == "court")
    posted = [s for s in court.steps if s.topic == "posted"]
    assert posted and posted[0].verification == "primary-text"
    assert [s.key for s in posted[0].sources] == ["P1"]


def test_credit_repair_is_filed_online_not_addressed_to_a_website(content):
    letter = content.letters.letters["credit-china-repair"]
    assert letter.addressee.field == "finding_authority"
    (channel,) = content.channels.for_remedy("credit-china-repair")
    assert channel.id == "credit-china"


def test_a_channel_naming_an_unknown_remedy_is_refused(tmp_path, content):
    text = (CONTENT / "channels.yaml").read_text(encoding="utf-8")
    text = text.replace("remedies: [pipl-data-request]", "remedies: [no-such]")
    (tmp_path / "channels.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_channels(tmp_path, content.catalogue)
    assert "unknown remedy 'no-such'" in str(error.value)
