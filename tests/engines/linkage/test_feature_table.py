"""Feature rows reach Arrow a batch at a time, with the same table as at once."""

from haven.engines.linkage import _splink
from haven.engines.linkage.records import record_features, unique_features

RECORDS = [
    {"record_id": "r1", "given_name": "Mohammed", "dob": "1990-03-04"},
    {"record_id": "r2", "given_name": "Ahmed", "father_name": "Yusuf"},
    {"record_id": "r3", "given_name": "Tesfay", "phone": "+251 911 234 567"},
    {"record_id": "r4", "family_name": "Hussein", "sex": "f"},
    {"record_id": "r5", "given_name": "Omar", "dob": "2001"},
]


def test_a_registry_in_batches_gives_the_table_of_one_batch(monkeypatch):
    """Rows split over several batches (and a last part batch) make one table."""
    whole = _splink.feature_table(unique_features(RECORDS))
    monkeypatch.setattr(_splink, "_TABLE_ROWS", 2)
    batched = _splink.feature_table(unique_features(RECORDS))
    assert batched.equals(whole)
    assert batched.column("unique_id").to_pylist() == ["r1", "r2", "r3", "r4", "r5"]


def test_rows_filling_whole_batches_leave_no_empty_batch(monkeypatch):
    """A registry that fills its batches exactly loses and adds no row."""
    monkeypatch.setattr(_splink, "_TABLE_ROWS", 2)
    table = _splink.feature_table(unique_features(RECORDS[:4]))
    assert table.num_rows == 4


def test_no_rows_give_an_empty_table_with_the_fixed_columns():
    """An empty registry still has the columns every table has."""
    table = _splink.feature_table(iter(()))
    assert table.num_rows == 0
    assert {"unique_id", "dob_year", "name_keys"} <= set(table.column_names)


def test_a_table_is_passed_to_splink_as_it_is():
    """Rows are turned into Arrow once; a table is not converted again."""
    table = _splink.feature_table([record_features(RECORDS[0])])
    assert _splink._arrow(table) is table
