"""Plans that follow one another: follows, followed_by and an action's from."""

from __future__ import annotations

from datetime import date

from conftest import MINIMAL
from hcplan.checking.loader import load_plan

OLD = MINIMAL.replace("quarters: financial", "followed_by: ../2025-26/plan.yaml\nquarters: financial")
NEW = (
    MINIMAL.replace("2024-25", "2025-26")
    .replace("2024-04-01", "2025-04-01")
    .replace("2025-03-31", "2026-03-31")
    .replace("2024-05-01", "2025-05-01")
    .replace("quarters: financial", "follows: ../2024-25/plan.yaml\nquarters: financial")
    .replace("            due: Q1 Year 1\n", '            due: Q1 Year 1\n            from: {plan: ../2024-25/plan.yaml, action: "1.1"}\n')
)


def _problems(path) -> list[str]:
    loaded = load_plan(path, today=date(2026, 1, 1))
    return [f"{p.line}: {p.severity}: {p.rule}: {p.message}" for p in loaded.problems]


def test_two_plans_that_link_both_ways_are_clean(write):
    old = write(OLD, "2024-25/plan.yaml")
    new = write(NEW, "2025-26/plan.yaml")
    assert _problems(old) == []
    assert _problems(new) == []
    loaded = load_plan(new, today=date(2026, 1, 1))
    action = next(loaded.plan.actions()).action
    assert (action.from_.plan, action.from_.action) == ("../2024-25/plan.yaml", "1.1")
    assert loaded.plan.follows == "../2024-25/plan.yaml"


def test_a_link_one_way_is_enough(write):
    write(MINIMAL, "2024-25/plan.yaml")
    assert _problems(write(NEW, "2025-26/plan.yaml")) == []


def test_a_linked_file_must_exist(write):
    old = write(OLD, "2024-25/plan.yaml")
    assert _problems(old) == ["8: error: plan-link: followed_by ../2025-26/plan.yaml: no such file"]
    new = write(NEW, "elsewhere/2025-26/plan.yaml")
    assert _problems(new) == [
        "8: error: plan-link: follows ../2024-25/plan.yaml: no such file",
        "34: error: plan-link: from ../2024-25/plan.yaml: no such file",
    ]


def test_a_linked_file_must_be_a_plan(write):
    """A YAML file of something else (a site's mkdocs.yml) is no plan to follow."""
    write("site_name: Docs\nnav:\n  - index.md\n", "2024-25/plan.yaml")
    new = write(NEW, "2025-26/plan.yaml")
    assert _problems(new) == [
        "8: error: plan-link: follows ../2024-25/plan.yaml: it is not a plan",
        "34: error: plan-link: from ../2024-25/plan.yaml: it is not a plan",
    ]


def test_a_plan_follows_one_that_starts_before_it(write):
    """Two plans of one period, or that follow each other round (a follows b, b follows a),
    are no year after another."""
    same = write(MINIMAL.replace("quarters: financial", "follows: ../other/plan.yaml\nquarters: financial"), "one/plan.yaml")
    write(MINIMAL, "other/plan.yaml")
    assert _problems(same) == [
        "8: error: plan-link: follows ../other/plan.yaml, a plan that starts on or after this one (2024-04-01): "
        "the plan before starts before the plan after"
    ]
    earlier = write(MINIMAL.replace("quarters: financial", "followed_by: ../later/plan.yaml\nquarters: financial"), "first/plan.yaml")
    write(OLD.replace("followed_by: ../2025-26/plan.yaml\n", ""), "later/plan.yaml")  # the same year again
    assert _problems(earlier) == [
        "8: error: plan-link: followed_by ../later/plan.yaml, a plan that starts on or before this one "
        "(2024-04-01): the plan before starts before the plan after"
    ]


def test_plans_that_link_must_agree(write):
    write(OLD.replace("../2025-26/plan.yaml", "../2025-26/other.yaml"), "2024-25/plan.yaml")
    write(MINIMAL, "2025-26/other.yaml")
    assert _problems(write(NEW, "2025-26/plan.yaml")) == [
        "8: error: plan-link: follows ../2024-25/plan.yaml, but that plan's followed_by is other.yaml"
    ]


def test_a_plan_cannot_follow_itself(write):
    path = write(MINIMAL.replace("quarters: financial", "follows: plan.yaml\nquarters: financial"), "x/plan.yaml")
    assert _problems(path) == ["8: error: plan-link: follows plan.yaml: that is this plan"]


def test_an_action_comes_from_an_action_of_that_plan(write):
    write(MINIMAL, "2024-25/plan.yaml")
    new = write(NEW.replace('action: "1.1"', 'action: "1.9"'), "2025-26/plan.yaml")
    assert _problems(new) == ['34: error: plan-link: ../2024-25/plan.yaml has no action \'1.9\'']


def test_a_link_that_breaks_later_is_found_although_the_plan_is_unchanged(hcplan, write):
    old = write(OLD, "2024-25/plan.yaml")
    new = write(NEW, "2025-26/plan.yaml")
    assert hcplan("check", old).exit_code == 0
    assert hcplan("check", old).exit_code == 0  # a second run, when a cache could answer
    new.unlink()
    result = hcplan("check", old)
    assert result.exit_code == 1
    assert "followed_by ../2025-26/plan.yaml: no such file (plan-link)" in result.stdout


def test_a_cached_listing_follows_a_change_in_a_linked_plan(write):
    """The listing cache keeps a plan's answer with its problems; those of a plan
    that links to others depend on those files too, so a change there is seen."""
    from hcplan.views.listing import Question, answer

    old = write(OLD, "2024-25/plan.yaml")
    new = write(NEW, "2025-26/plan.yaml")
    question = Question("list", date(2026, 1, 1), today=date(2026, 1, 1))
    assert answer(str(new), question).errors == 0
    assert answer(str(new), question).errors == 0  # from the cache now
    old.write_text(OLD.replace("../2025-26/plan.yaml", "../2025-26/other.yaml"))
    assert [p.message for p in answer(str(new), question).problems] == [
        "follows ../2024-25/plan.yaml, but that plan's followed_by is other.yaml"
    ]
    old.unlink()
    assert [p.rule for p in answer(str(new), question).problems] == ["plan-link", "plan-link"]
    old.write_text(OLD)
    assert answer(str(new), question).errors == 0


def test_a_plan_that_links_to_another_is_answered_from_the_cache_while_both_are_unchanged(write, tmp_path, monkeypatch):
    """A plan with follows: or followed_by: (every plan after its first rollover) was never
    cached: each command read and checked it afresh."""
    import pytest

    from hcplan.checking import loader
    from hcplan.files.cache import Cache

    cache = Cache(tmp_path / "cache")
    today = date(2026, 1, 1)
    old = write(OLD, "2024-25/plan.yaml")
    new = write(NEW, "2025-26/plan.yaml")
    first = load_plan(new, today=today, cache=cache)
    assert first.plan is not None and first.problems == []
    with monkeypatch.context() as patched:
        patched.setattr(loader, "load_source", lambda *a, **k: pytest.fail("not served from the cache"))
        again = load_plan(new, today=today, cache=cache)
        assert again.plan == first.plan and again.problems == []
        assert load_plan(new, today=today, cache=cache, errors_only=True).problems == []
    # The linked plan changes: read again, and its problem found.
    old.write_text(OLD.replace("../2025-26/plan.yaml", "../2025-26/other.yaml"))
    assert [p.rule for p in load_plan(new, today=today, cache=cache).problems] == ["plan-link"]
    old.write_text(OLD)
    assert load_plan(new, today=today, cache=cache).problems == []
    # The same bytes elsewhere link to other files: not the first copy's answer.
    elsewhere = write(NEW, "copies/2025-26/plan.yaml")
    assert {p.rule for p in load_plan(elsewhere, today=today, cache=cache).problems} == {"plan-link"}


def test_a_cached_answer_follows_a_link_moved_on_to_another_file_of_the_same_bytes(write, tmp_path):
    """'follows: ../prev.yaml', prev.yaml a link moved on to another copy of the old plan (as a
    'current' folder link is each year): the cache answered as for the file it had led to."""
    from hcplan.files.cache import Cache

    cache = Cache(tmp_path / "cache")
    today = date(2026, 1, 1)
    first = write(OLD.replace("../2025-26/plan.yaml", "../cur/plan.yaml"), "old1/plan.yaml")
    write(OLD.replace("../2025-26/plan.yaml", "../cur/plan.yaml"), "x/old2/plan.yaml")  # same bytes, elsewhere
    prev = first.parent.parent / "prev.yaml"
    prev.symlink_to("old1/plan.yaml")
    new = write(NEW.replace("../2024-25/plan.yaml", "../prev.yaml"), "cur/plan.yaml")
    assert load_plan(new, today=today, cache=cache).problems == []
    prev.unlink()
    prev.symlink_to("x/old2/plan.yaml")  # its followed_by, from its own folder, is x/cur/plan.yaml
    assert [p.rule for p in load_plan(new, today=today, cache=cache).problems] == ["plan-link"]
