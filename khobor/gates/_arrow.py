"""`pyarrow.compute` typed as `Any`: its kernels are generated at import time, so type stubs
do not list them. Import inside functions (`from khobor.gates._arrow import pc`)."""

from typing import Any

import pyarrow.compute as _compute

pc: Any = _compute
