"""Test helper shared by the serialise tests: valid documents changed in a few places.

Importable as ``_mutations`` because pyproject.toml puts ``tests`` on ``pythonpath`` (pytest
runs with ``--import-mode=importlib``, where test files cannot import one another).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


def mutate(
    draw: st.DrawFn,
    doc: dict[str, Any],
    values: st.SearchStrategy[Any],
    *,
    rounds: int = 1,
    add_keys: tuple[str, ...] = (),
) -> None:
    """Change *doc* in place, 1 to *rounds* times: somewhere inside it (an object or array
    reached by a random walk down), set an item or key to one of *values*, delete a key, or
    add one of *add_keys*."""
    for _ in range(draw(st.integers(1, rounds))):
        target: Any = doc
        while True:
            inner = [v for v in (target.values() if isinstance(target, dict) else target)
                     if isinstance(v, (dict, list)) and v]
            if not inner or draw(st.booleans()):
                break
            target = draw(st.sampled_from(inner))
        if isinstance(target, list):
            target[draw(st.integers(0, len(target) - 1))] = draw(values)
            continue
        keys = sorted(target)
        actions = ["set", "del"] if keys else []
        if add_keys:
            actions.append("add")
        if not actions:
            continue
        action = draw(st.sampled_from(actions))
        if action == "add":
            target[draw(st.sampled_from(add_keys))] = draw(values)
        elif action == "del":
            del target[draw(st.sampled_from(keys))]
        else:
            target[draw(st.sampled_from(keys))] = draw(values)
