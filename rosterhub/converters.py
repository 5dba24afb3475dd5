"""The `<id:…>` path converter: a database id of at most 18 digits, so a path naming 2**70 is a 404 instead of
an OverflowError (SQLite) or "bigint out of range" (PostgreSQL) answered as a 500."""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
