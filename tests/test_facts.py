"""The fact sheet holds what the game uses, no more and no less.

Every fact id that content cites exists in seeds/facts.toml (otherwise loading fails:
see test_content_errors.py), and every fact in seeds/facts.toml is cited by some content.
"""

from __future__ import annotations

import re

from game.loader import SEEDS_DIR


def test_every_cited_fact_exists(content):
    missing = {
        fact: places for fact, places in content.cited().items() if fact not in content.facts
    }
    assert not missing, f"cited but not in seeds/facts.toml: {missing}"


def test_every_fact_is_cited(content):
    cited = content.cited()
    unused = sorted(set(content.facts) - set(cited))
    assert not unused, (
        f"{len(unused)} fact(s) in seeds/facts.toml cited by no content: {', '.join(unused)}"
    )


def test_citations_say_where(content):
    """``cited`` tells where each fact is used, so a help screen can point to it."""
    cited = content.cited()
    assert cited, "content cites no facts at all"
    kinds = ("scenario:", "event:", "strategy:", "model:")
    for fact, places in cited.items():
        assert places, fact
        for place in places:
            assert place.startswith(kinds), f"{fact}: {place!r}"


def test_every_fact_in_the_file_is_loaded(content):
    """No fact table is silently dropped or shadowed (TOML would refuse a repeated id)."""
    text = (SEEDS_DIR / "facts.toml").read_text(encoding="utf-8")
    ids = re.findall(r"^\[([^\]]+)\]\s*$", text, flags=re.MULTILINE)
    assert sorted(ids) == sorted(content.facts)


def test_facts_are_sourced(content):
    for fact_id, fact in content.facts.items():
        assert fact.source.title.strip(), fact_id
        assert fact.source.publisher.strip(), fact_id
        assert 1900 < fact.source.year < 2100, fact_id
        assert fact.what.strip(), fact_id
        if fact.low is not None and fact.high is not None:
            assert fact.low <= fact.high, fact_id
