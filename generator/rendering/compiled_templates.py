"""Jinja templates compiled once per process, kept in memory: for environments made anew for every page or build.

Jinja's bytecode cache keeps each compiled template under its name and file and the checksum of its source, so
an edited template is compiled again. It is kept in memory only: nothing that a damaged file could bring back.
"""

from __future__ import annotations

import jinja2
import jinja2.bccache


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, in memory, by Jinja's key (the template's name and file) and its source's checksum."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)  # which drops it if the source's checksum has changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_CACHES: dict[tuple[object, ...], _CompiledTemplates] = {}


def compiled_templates(environment: jinja2.Environment) -> jinja2.BytecodeCache:
    """This process's cache of templates compiled for environments like `environment`.

    Compiled code depends on an environment's syntax, extensions and autoescaping: environments that differ in
    any of them get caches of their own.
    """
    key = (
        tuple(sorted(environment.extensions)),
        environment.block_start_string,
        environment.variable_start_string,
        environment.comment_start_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.autoescape if isinstance(environment.autoescape, bool) else id(environment.autoescape),
    )
    return _CACHES.setdefault(key, _CompiledTemplates())
