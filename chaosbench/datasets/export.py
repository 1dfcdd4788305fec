"""Export a dataset file to Apache Arrow or Parquet, as training pipelines read them.

One row per trajectory, channel first, as time-series foundation-model pipelines
(GluonTS-style ``target`` arrays) expect: ``id``, ``system``, ``split``,
``trajectory``, ``start`` (time of the first point), ``dt``, ``variables`` and
``target`` (a list per variable of its values in time order). Systems are written
one at a time, so memory stays bounded by one split of one system.
"""

from __future__ import annotations

from pathlib import Path

from chaosbench import _validation as check
from chaosbench.errors import ChaosbenchError

FORMATS = ("parquet", "arrow")


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.ipc
        import pyarrow.parquet
    except ImportError:
        raise ChaosbenchError("exporting needs pyarrow: pip install 'chaosbench[export]'") from None
    return pyarrow


def export(path: str | Path, out: str | Path, *, format: str = "parquet") -> Path:
    """Write every trajectory of a dataset file to one Parquet or Arrow IPC file.

    Parameters
    ----------
    path
        Dataset file written by :func:`chaosbench.generate`.
    out
        Output file (replaced atomically).
    format
        ``"parquet"`` or ``"arrow"`` (Arrow IPC file format).
    """
    from chaosbench.datasets.h5format import atomic_file
    from chaosbench.datasets.reader import Dataset

    check.one_of(format, FORMATS, "format", "export")
    pa = _pyarrow()
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("system", pa.string()),
            ("split", pa.string()),
            ("trajectory", pa.int64()),
            ("start", pa.float64()),
            ("dt", pa.float64()),
            ("variables", pa.list_(pa.string())),
            ("target", pa.list_(pa.list_(pa.float64()))),
        ]
    )
    out = Path(out)
    with Dataset(path) as dataset, atomic_file(out) as tmp:
        if format == "parquet":
            writer = pa.parquet.ParquetWriter(tmp, schema, compression="zstd")
            write = writer.write_table
        else:
            sink = pa.OSFile(str(tmp), "wb")
            writer = pa.ipc.new_file(sink, schema)
            write = writer.write_table
        try:
            for system in dataset.systems:
                for split in dataset.splits(system):
                    part = dataset.read(system, split)
                    n = part.data.shape[0]
                    dt = float(part.time[1] - part.time[0]) if part.time.size > 1 else 1.0
                    table = pa.table(
                        {
                            "id": [f"{system}/{split}/{i}" for i in range(n)],
                            "system": [system] * n,
                            "split": [split] * n,
                            "trajectory": list(range(n)),
                            "start": [float(part.time[0])] * n,
                            "dt": [dt] * n,
                            "variables": [part.variables] * n,
                            "target": [part.data[i].T.astype(float).tolist() for i in range(n)],
                        },
                        schema=schema,
                    )
                    write(table)
        finally:
            writer.close()
            if format == "arrow":
                sink.close()
    return out
