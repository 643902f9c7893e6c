"""Start-up work trimmed before the CDK is imported.

`import airbyte_cdk` builds serpyco-rs serializers for the Airbyte protocol models, and serpyco-rs reads the source
code of every model (`inspect.getsource` + `ast.parse`) to copy attribute docstrings into JSON-schema descriptions
that nothing in a connector reads. Measured here: 0.9 s of CPU on every start of every command (`spec` 2.7 s user
-> 1.8 s), which is a fifth of a 5,000-issue read. Serialization does not use the descriptions, so the connector
skips them. If a serpyco-rs release moves the function, nothing is patched and start-up is as slow as before.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES_READING_DOCSTRINGS = ("serpyco_rs._describe", "serpyco_rs._json_schema._convert")


def _no_attribute_docs(cls: Any) -> dict[str, str]:
    return {}


def skip_protocol_model_docstrings() -> None:
    for name in _MODULES_READING_DOCSTRINGS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "get_attributes_doc"):
            setattr(module, "get_attributes_doc", _no_attribute_docs)  # noqa: B010 (mypy cannot see the name)
