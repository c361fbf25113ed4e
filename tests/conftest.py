from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

# Rules re-raise instead of reporting DJM000, so a bug fails its test loudly.
os.environ["DJM_RAISE"] = "1"
# The summary cache is exercised, but never in the user's own cache folder.
_CACHE = tempfile.mkdtemp(prefix="djm-test-cache-")
os.environ["DJM_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
