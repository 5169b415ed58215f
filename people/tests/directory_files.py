"""Directory files for the import tests (no test in here)."""

from people.importing import COLUMNS

HEADER = ",".join(COLUMNS)


def person(email: str, **cells: str) -> dict[str, str]:
    row = {
        "email": email,
        "name": email.split("@")[0].replace(".", " ").title(),
        "department": "Finance",
        "job_title": "Analyst",
        "grade": "5",
        "manager_email": "",
        "hired_on": "2020-01-15",
        "birth_year": "1995",
        "site": "Lyon",
        "country": "FR",
        "languages": "fr;en",
        "preferred_language": "fr",
    }
    row.update(cells)
    return row


def csv_file(*rows: dict[str, str], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    lines = [delimiter.join(COLUMNS)]
    lines += [delimiter.join(_quoted(row[column]) for column in COLUMNS) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _quoted(value: str) -> str:
    if any(character in value for character in ',";\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def company(size: int) -> list[dict[str, str]]:
    """A boss and `size - 1` people in a reporting tree of a few levels."""
    rows = [person("boss@example.com", grade="20", birth_year="1965")]
    for number in range(1, size):
        manager = "boss@example.com" if number < 10 else f"p{number // 10}@example.com"
        rows.append(
            person(f"p{number}@example.com", manager_email=manager, name=f"Person {number}")
        )
    return rows
