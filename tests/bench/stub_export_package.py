"""A stand-in for `manage.py export_package` in the harness's self-test: writes a small package
of the federal shape, holding a known amount of memory for a known time.

    python stub_export_package.py [--megabytes N] [--steps K] [--seconds S] [--groups N]
        [--exit CODE] [--malformed] --output FILE
"""

import argparse
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", required=True)
    parser.add_argument("--megabytes", type=int, default=0)
    parser.add_argument("--steps", type=int, default=1, help="take the memory in this many steps")
    parser.add_argument("--seconds", type=float, default=0)
    parser.add_argument("--groups", type=int, default=2)
    parser.add_argument("--exit", type=int, default=0)
    parser.add_argument("--malformed", action="store_true")
    args = parser.parse_args()
    if args.exit:
        print("CommandError: the stub was told to fail", file=sys.stderr)
        sys.exit(args.exit)
    held = []
    for _ in range(args.steps):
        # b"x" * n writes every page (a bytearray(n) would be calloc'd and not resident)
        held.append(b"x" * (args.megabytes * 1024 * 1024 // args.steps))
        time.sleep(args.seconds / args.steps)
    groups = "".join(
        f"<group><uuid>g{i}</uuid><localId>{i}</localId><isDeleted>false</isDeleted>"
        f"<name>Группа {i}</name></group>"
        for i in range(args.groups)
    )
    # a schedule per group, and one tombstone of a schedule
    schedules = "".join(
        f"<schedule><uuid>s{i}</uuid><groupUuid>g{i}</groupUuid><isDeleted>false</isDeleted></schedule>"
        for i in range(args.groups)
    )
    schedules += "<schedule><uuid>gone</uuid><isDeleted>true</isDeleted></schedule>"
    package = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package datasource="00000000-0000-0000-0000-000000000001" created="1" kind="full">'
        "<dictionaries><PartnerTypes><item><code>additional</code><name>Доп.</name></item>"
        "</PartnerTypes><Other><group>not a list's item</group></Other></dictionaries><objects>"
        "<partners><partner><uuid>o1</uuid><isDeleted>false</isDeleted></partner></partners>"
        "<programDirections/>"
        "<programs><program><uuid>p1</uuid><isDeleted>false</isDeleted></program></programs>"
        f"<groups>{groups}</groups><schedules>{schedules}</schedules>"
        + ("" if args.malformed else "</objects></package>\n")
    )
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(package)
    del held


if __name__ == "__main__":
    main()
