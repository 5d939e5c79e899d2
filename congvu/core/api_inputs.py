"""The API's input types that the database bounds (issue: no input brings a page down).

``Id`` is every identifier the API takes — in a path, a query or a body: a whole number from 1 to
the largest the database stores (bigint). A larger number is refused as invalid input (400) by the
schema, before any query could overflow; the OpenAPI schema states the range.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

DB_INTEGER_MAX = 2**63 - 1  # bigint, the widest integer column on every database we run on

Id = Annotated[int, Field(ge=1, le=DB_INTEGER_MAX)]
