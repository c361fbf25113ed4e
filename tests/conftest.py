from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Rules re-raise instead of reporting DJM000, so a bug fails its test loudly.
os.environ["DJM_RAISE"] = "1"

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
