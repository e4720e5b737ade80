#!/usr/bin/env python3
"""Reference safetensors files for the toolkit's tests, written and read with the Python standard library only,
following the public format (https://github.com/huggingface/safetensors, "Format"): an 8-byte little-endian header
length, a UTF-8 JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}}, then little-endian data.

  reference.py write DIR      writes the reference files and, beside each, NAME.expected.json (values as lists)
  reference.py check FILE     reads a file the toolkit wrote and prints its tensors as JSON (dtype, shape, values),
                              after checking the layout rules the format states (exit status 1 on a violation)
"""
import json
import struct
import sys

CODES = {"F32": ("f", 4), "F64": ("d", 8), "I64": ("q", 8), "BOOL": ("?", 1)}


def write(path, tensors, metadata=None, order=None):
    """tensors: name -> (dtype code, shape, flat list of values)."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    data = b""
    for name in order or sorted(tensors):
        code, shape, values = tensors[name]
        fmt, size = CODES[code]
        blob = struct.pack("<%d%s" % (len(values), fmt), *values)
        header[name] = {"dtype": code, "shape": shape, "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        f.write(data)
    with open(path.replace(".safetensors", ".expected.json"), "w") as f:
        json.dump({"metadata": metadata or {},
                   "tensors": {n: {"dtype": c, "shape": s, "values": v} for n, (c, s, v) in tensors.items()}},
                  f, indent=1, sort_keys=True)


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", {})
    out = {}
    covered = []
    for name, info in header.items():
        fmt, size = CODES[info["dtype"]]
        begin, end = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        if end - begin != count * size:
            raise SystemExit("%s: %s holds %d bytes for %d elements" % (path, name, end - begin, count))
        values = list(struct.unpack("<%d%s" % (count, fmt), data[begin:end]))
        if info["dtype"] == "BOOL":
            values = [bool(v) for v in values]
        out[name] = {"dtype": info["dtype"], "shape": info["shape"], "values": values}
        covered.append((begin, end))
    covered.sort()
    at = 0
    for begin, end in covered:
        if begin != at:
            raise SystemExit("%s: a hole or an overlap at byte %d of the data" % (path, at))
        at = end
    if at != len(data):
        raise SystemExit("%s: %d trailing bytes" % (path, len(data) - at))
    if (8 + n) % 8 != 0:
        raise SystemExit("%s: the data does not start 8-byte aligned" % path)
    return {"metadata": metadata, "tensors": out}


def main():
    if sys.argv[1] == "write":
        d = sys.argv[2].rstrip("/")
        write(d + "/mixed.safetensors", {
            "weight": ("F32", [2, 3], [0.5, -1.25, 3.0, 1e-7, -0.0, 65504.0]),
            "bias": ("F64", [3], [0.1, -2.5, 1e300]),
            "steps": ("I64", [], [123456789012345]),
            "mask": ("BOOL", [2, 2], [True, False, False, True]),
            "empty": ("F32", [0, 4], []),
        }, metadata={"format": "pt", "written_by": "reference.py"},
            order=["mask", "weight", "empty", "steps", "bias"])  # any order of the data is allowed
        write(d + "/state_dict.safetensors", {
            "features.0.weight": ("F32", [2, 1, 2, 2], [float(i) / 8 for i in range(8)]),
            "features.0.bias": ("F32", [2], [0.25, -0.25]),
            "bn.running_mean": ("F32", [2], [0.0, 1.0]),
            "bn.num_batches_tracked": ("I64", [], [7]),
        })
    elif sys.argv[1] == "check":
        print(json.dumps(read(sys.argv[2]), sort_keys=True))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
