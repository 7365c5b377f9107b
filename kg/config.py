"""Settings of a build: frozen, passed in; the only module that reads the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

from kg.iris import DEFAULT_BASE


@dataclass(frozen=True)
class Settings:
    """What a build needs to know besides its inputs."""

    base: str = DEFAULT_BASE
    model: str | None = None  # a spaCy pipeline name; None tries the default English models
    workers: int = 1
    scheduler: str | None = None  # address of a Dask scheduler; None runs locally
    batch_size: int = 64
    min_confidence: float = 0.0

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then KG_BASE / KG_MODEL / KG_BATCH_SIZE from the environment, then explicit overrides."""
        values: dict[str, object] = {}
        if os.environ.get("KG_BASE"):
            values["base"] = os.environ["KG_BASE"]
        if os.environ.get("KG_MODEL"):
            values["model"] = os.environ["KG_MODEL"]
        if os.environ.get("KG_BATCH_SIZE", "").isdigit() and int(os.environ["KG_BATCH_SIZE"]) > 0:
            values["batch_size"] = int(os.environ["KG_BATCH_SIZE"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
