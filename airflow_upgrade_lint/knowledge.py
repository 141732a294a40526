"""The tables in rules/, loaded once, typed, target-version aware. (Contract; in progress.)"""

from __future__ import annotations


class Knowledge:
    targets: tuple[str, ...]  # supported Airflow target versions, ascending

    @property
    def default_target(self) -> str:
        return self.targets[-1]


def load() -> Knowledge:
    raise NotImplementedError
