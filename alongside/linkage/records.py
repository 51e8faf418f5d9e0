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
    # Added for applications only (null for bookings and care leavers):
    "given_names",  # forename, middle names and 'known as' names, word by word
    "surname_parts",  # each part of a double-barrelled or hyphenated current or previous surname
    "dob_year",
    "full_name",  # forename and surname together, for how rare the whole name is
    "initials",  # of the forename and surname, in either order (a swap keeps them)
    "local_authority",
    "court",
    "coparent_name",  # the other parent on the same application: standard forename + surname
    "coparent_dob",
    "child_dob",
]

_NAME_FIELDS = ("forename", "surname", "previous_names", "dob", "postcode", "nhs_number")


def _clean_name_sql(column: str) -> str:
    """Lower case, accents taken off (Michał and Michal are one spelling), letters, apostrophes,
    spaces and hyphens only."""
    return (
        f"nullif(trim(regexp_replace(regexp_replace(lower(strip_accents({column})), '[^a-z'' -]', '', 'g'),"
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
    """Make the person-record table from a clean applications table (dates already DATE).

    Besides each parent's own details, a record carries what the application says about
    them: where it was made, the other parent on it and the child's date of birth. The same
    co-parent or the same child on two applications is evidence that two records are one
    person (see model.family)."""
    create_nickname_table(con)
    union = " union all ".join(
        person_records_sql(applications_table, f"{prefix}_", role, "application_id")
        for prefix, role in (("mother", "M"), ("father", "F"))
    )
    run(con, f"create or replace table __own as {finish_person_records_sql(union)}")
    given = {
        role: _words_sql(
            f"coalesce(p.forename, '') || ' ' || coalesce(a.{prefix}_middle_names, '') || ' ' "
            f"|| coalesce(a.{prefix}_known_as, '')"
        )
        for prefix, role in (("mother", "M"), ("father", "F"))
    }
    run(
        con,
        f"""
        create or replace table {out_table} as
        select p.*,
            case when p.role = 'M' then {given["M"]} else {given["F"]} end as given_names,
            list_distinct(flatten(list_transform(p.surnames,
                lambda s: list_filter(string_split_regex(s, '[- ]+'), lambda x: length(x) > 1)
            ))) as surname_parts,
            substr(p.dob, 1, 4) as dob_year,
            case when p.forename is not null and p.surname is not null
                 then p.forename || ' ' || p.surname end as full_name,
            case when p.forename_std is not null and p.surname is not null
                 then least(left(p.forename_std, 1), left(p.surname, 1))
                     || greatest(left(p.forename_std, 1), left(p.surname, 1)) end as initials,
            lower(trim(a.local_authority)) as local_authority,
            lower(trim(a.court)) as court,
            case when o.forename_std is not null and o.surname is not null
                 then o.forename_std || ' ' || o.surname end as coparent_name,
            o.dob as coparent_dob,
            strftime(a.child_dob, '%Y-%m-%d') as child_dob
        from __own p
        join {applications_table} a on a.application_id = split_part(p.record_key, ':', 1)
        left join __own o
            on o.record_key = split_part(p.record_key, ':', 1)
                || case when p.role = 'M' then ':F' else ':M' end
        order by p.record_key
        """,  # noqa: S608  # nosec B608
    )
    run(con, "drop table __own")
    return scalar(con, f"select count(*) from {out_table}")  # noqa: S608  # nosec B608


def _words_sql(text: str) -> str:
    """The distinct cleaned words of `text`, as a list."""
    return (
        f"list_distinct(list_filter(string_split({_clean_name_sql(text)}, ' '), "
        "lambda x: length(x) > 1))"
    )
