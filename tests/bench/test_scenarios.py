"""The benchmark's scenario choice: names as command-line words, the run order kept."""

from __future__ import annotations

from bench.scenarios import SCENARIOS, chosen


def test_scenarios_are_chosen_by_key_in_the_benchmark_order() -> None:
    picked = chosen(["incremental-10-changed", "initial"])
    assert [s.name for s in picked] == ["initial", "incremental (10 changed)"]


def test_no_choice_runs_every_scenario_and_keys_are_distinct() -> None:
    assert chosen(None) == SCENARIOS
    assert len({s.key for s in SCENARIOS}) == len(SCENARIOS)
