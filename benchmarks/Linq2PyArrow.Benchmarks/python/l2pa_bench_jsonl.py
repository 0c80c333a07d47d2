"""The usual workaround, as a subprocess: write rows as JSON lines on stdout for .NET to deserialize.
Usage: python3 l2pa_bench_jsonl.py ROWS"""
import datetime
import json
import sys

EPOCH = datetime.datetime(2024, 1, 1)
EPOCH_DAY = EPOCH.date()


def main():
    rows = int(sys.argv[1])
    out = sys.stdout
    dumps = json.dumps
    for i in range(rows):
        ts = EPOCH + datetime.timedelta(seconds=i)
        day = EPOCH_DAY + datetime.timedelta(days=i)
        name = None if i % 16 == 15 else f"name-{i}"
        out.write(
            dumps(
                {
                    "id": i,
                    "score": i * 0.5,
                    "name": name,
                    "ts": ts.isoformat(),
                    "day": day.isoformat(),
                    "flag": i % 2 == 0,
                }
            )
        )
        out.write("\n")
    out.flush()


if __name__ == "__main__":
    main()
