"""Person records: one row per parent per application, cleaned for comparison.

Everything here is SQL run in DuckDB, so it is quick at a million rows. The same records are
handed to Spark for the national-scale engine.
"""

import duckdb

from .duck import run, scalar
from .names import nickname_sql_values

# Columns of the person-record table the linkage model uses.
PERSON_COLUMNS = [
    "record_key",
    "role",
    "forename",
    "forename_std",
    "surname",
    "surnames",
    "dob",
    "dob_canon",
    "dob_month_day",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "postcode_area",
    "nhs_number",
]

_NAME_FIELDS = ("forename", "surname", "previous_names", "dob", "postcode", "nhs_number")


def _clean_name_sql(column: str) -> str:
    return (
        f"nullif(trim(regexp_replace(regexp_replace(lower({column}), '[^a-z'' -]', '', 'g'),"
        f" '\\s+', ' ', 'g')), '')"
    )


def _postcode_sql(column: str) -> str:
    # 'ab12cd' / 'AB1 2CD' / 'ab1  2cd' all become 'AB1 2CD' (outward code, space, inward code).
    squeezed = f"upper(regexp_replace({column}, '[^A-Za-z0-9]', '', 'g'))"
    return (
        f"case when length({squeezed}) between 5 and 7 then "
        f"substr({squeezed}, 1, length({squeezed}) - 3) || ' ' || right({squeezed}, 3) end"
    )


def create_nickname_table(con: duckdb.DuckDBPyConnection) -> None:
    run(
        con,
        "create or replace table nicknames as select * from (values "  # noqa: S608  # nosec B608
        f"{nickname_sql_values()}) as t(short_form, full_form)",
    )


def person_records_sql(source: str, prefix: str, role: str, key_column: str) -> str:
    """SQL selecting cleaned person records from `source`, whose person columns start with
    `prefix` (e.g. 'mother_'), keyed `<key>:<role>`. Rows with no personal details are left out
    (no father recorded on an application is not a person)."""
    cols = {name: f"{prefix}{name}" for name in _NAME_FIELDS}
    forename = _clean_name_sql(cols["forename"])
    surname = _clean_name_sql(cols["surname"])
    return f"""
    select
        {key_column} || ':{role}' as record_key,
        '{role}' as role,
        {forename} as forename,
        coalesce(nick.full_form, split_part({forename}, ' ', 1)) as forename_std,
        {surname} as surname,
        list_distinct(list_filter(
            list_concat(
                [{surname}],
                list_transform(
                    string_split(coalesce({cols["previous_names"]}, ''), ';'),
                    lambda x: {_clean_name_sql("x")}
                )
            ),
            lambda x: x is not null
        )) as surnames,
        strftime({cols["dob"]}, '%Y-%m-%d') as dob,
        strftime({cols["dob"]}, '%Y') || '-' ||
            cast(least(month({cols["dob"]}), day({cols["dob"]})) as varchar) || '-' ||
            cast(greatest(month({cols["dob"]}), day({cols["dob"]})) as varchar) as dob_canon,
        {_postcode_sql(cols["postcode"])} as postcode,
        nullif(regexp_replace(coalesce({cols["nhs_number"]}, ''), '[^0-9]', '', 'g'), '')
            as nhs_number
    from {source}
    left join nicknames nick
        on nick.short_form = split_part({forename}, ' ', 1)
    where coalesce({cols["forename"]}, {cols["surname"]}, cast({cols["dob"]} as varchar),
                   {cols["nhs_number"]}) is not null
    """  # noqa: S608  # nosec B608


def finish_person_records_sql(select_sql: str) -> str:
    """Add the postcode sector and district to records from `person_records_sql`."""
    return f"""
    select *,
        substr(dob, 6, 5) as dob_month_day,
        case when postcode is not null then postcode[1:-3] end as postcode_sector,
        case when postcode is not null then split_part(postcode, ' ', 1) end
            as postcode_district,
        nullif(regexp_extract(postcode, '^[A-Z]+'), '') as postcode_area
    from ({select_sql})
    """  # noqa: S608  # nosec B608


def build_application_persons(
    con: duckdb.DuckDBPyConnection, applications_table: str, out_table: str = "persons_input"
) -> int:
    """Make the person-record table from a clean applications table (dates already DATE)."""
    create_nickname_table(con)
    union = " union all ".join(
        person_records_sql(applications_table, f"{prefix}_", role, "application_id")
        for prefix, role in (("mother", "M"), ("father", "F"))
    )
    run(con, f"create or replace table {out_table} as {finish_person_records_sql(union)}")
    return scalar(con, f"select count(*) from {out_table}")  # noqa: S608  # nosec B608
