"""The results' Parquet writer settings (issue 19 §3): plain pages any reader opens, dictionaries
and statistics only where they pay, the values read back unchanged."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from zansai.batch.tablefile import TableWriter, parquet_settings
from zansai.outfile import Outputs


def _table(n: int, offset: int = 0) -> pa.Table:
    rows = list(range(offset + 1, offset + n + 1))
    return pa.table({
        "row": pa.array(rows, pa.int64()),
        "loan_id": pa.array([f"L{r:07d}" for r in rows], pa.string()),
        "region": pa.array(["東京都", "other"] * (n // 2), pa.string()),
        "balance": pa.array([r * 1_000_003 for r in rows], pa.int64()),
        "best_exit": pa.array(["short_sale"] * n, pa.string()),
    })


def test_dictionary_only_for_text_with_few_values_statistics_for_row_and_those() -> None:
    settings = parquet_settings(_table(1000))
    assert settings == {"use_dictionary": ["region", "best_exit"],
                        "write_statistics": ["row", "region", "best_exit"]}


def test_an_empty_table_still_gets_settings() -> None:
    settings = parquet_settings(_table(0))
    assert settings["write_statistics"][0] == "row"


def test_written_file_reads_back_identical_with_plain_v1_pages(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    parts = [_table(1000), _table(1000, offset=1000)]
    with Outputs() as outputs:
        writer = TableWriter(outputs.add("--out", target), background=True)
        for part in parts:
            writer.write(part)
        writer.close(parts[0].slice(0, 0))
        outputs.commit()
    assert pq.read_table(target).equals(pa.concat_tables(parts))
    meta = pq.ParquetFile(target).metadata
    assert meta.num_row_groups == 2
    group = meta.row_group(1)
    columns = {group.column(i).path_in_schema: group.column(i) for i in range(group.num_columns)}
    assert columns["loan_id"].encodings == ("RLE", "PLAIN")
    assert "RLE_DICTIONARY" in columns["region"].encodings
    assert (columns["row"].statistics.min, columns["row"].statistics.max) == (1001, 2000)
    assert not columns["balance"].is_stats_set
    assert columns["balance"].compression == "ZSTD"
    assert {group.column(i).encodings for i in range(group.num_columns)} <= {
        ("RLE", "PLAIN"), ("PLAIN", "RLE", "RLE_DICTIONARY")}
