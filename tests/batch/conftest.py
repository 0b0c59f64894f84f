"""The batch tests need the [batch] extra (NumPy, Numba, PyArrow, Polars, Dask); without it they are skipped.

Every test here is marked ``batch`` (tests/conftest.py marks by folder). The check looks the modules up
without importing them: Polars and Dask cost a second at start-up that the fast subset need not pay.
"""

from importlib.util import find_spec

import pytest

_MISSING = [name for name in ("numpy", "numba", "pyarrow", "polars", "dask", "distributed")
            if find_spec(name) is None]
if _MISSING:
    pytest.skip(f"the batch tests need the [batch] extra ({', '.join(_MISSING)} missing): "
                "pip install 'zansai[batch]'", allow_module_level=True)
