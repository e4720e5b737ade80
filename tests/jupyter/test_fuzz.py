"""Malformed and hostile messages on the shell and control sockets, most of them carrying a valid signature: the
kernel answers or drops each one and keeps serving its real client; none ends it."""
import hashlib
import hmac
import json
import os
import random
import time
import unittest
import uuid

import zmq

from harness import Kernel

TYPES = ["execute_request", "complete_request", "inspect_request", "is_complete_request", "history_request",
         "kernel_info_request", "comm_info_request", "comm_open", "comm_msg", "shutdown_request",
         "interrupt_request", "no_such_request", ""]
CONTENTS = [
    b"{}", b"[]", b"null", b"\"text\"", b"42", b"{", b"not json at all", b"\xff\xfe\x00 invalid utf-8",
    json.dumps({"code": 5}).encode(), json.dumps({"code": None, "silent": "yes"}).encode(),
    json.dumps({"code": ["1 + 1"], "cursor_pos": "end"}).encode(),
    json.dumps({"code": "1 +", "cursor_pos": -7}).encode(),
    json.dumps({"code": "Tensor.ra", "cursor_pos": 10 ** 12}).encode(),
    json.dumps({"code": "\u0000\u0001 int x = 1;", "silent": False}).encode(),
    json.dumps({"hist_access_type": "sideways", "n": -1}).encode(),
    json.dumps({"restart": "not a boolean"}).encode(),
    json.dumps({"comm_id": None, "target_name": 7, "data": "x"}).encode(),
    json.dumps({"code": "1", "user_expressions": "not a map", "allow_stdin": 3}).encode(),
]


def sign(key, parts):
    h = hmac.new(key, digestmod=hashlib.sha256)
    for p in parts:
        h.update(p)
    return h.hexdigest().encode()


def header(msg_type, **extra):
    h = {"msg_id": uuid.uuid4().hex, "session": "fuzz", "username": "fuzz", "date": "2026-01-01T00:00:00Z",
         "msg_type": msg_type, "version": "5.3"}
    h.update(extra)
    return json.dumps(h).encode()


class FuzzTest(unittest.TestCase):
    cases = 0

    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel("kernel-fuzz.log")
        info = cls.kernel.km.get_connection_info()
        cls.key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
        cls.context = zmq.Context()
        cls.sockets = {}
        for name in ("shell", "control"):
            s = cls.context.socket(zmq.DEALER)
            s.setsockopt(zmq.LINGER, 0)
            s.connect("%s://%s:%d" % (info["transport"], info["ip"], info[name + "_port"]))
            cls.sockets[name] = s

    @classmethod
    def tearDownClass(cls):
        for s in cls.sockets.values():
            s.close()
        cls.context.term()
        cls.kernel.shutdown()
        print("\n [fuzz cases sent: %d]" % FuzzTest.cases, end=" ", flush=True)

    def send(self, channel, frames):
        self.sockets[channel].send_multipart(frames)
        FuzzTest.cases += 1

    def signed(self, channel, head, content, parent=b"{}", metadata=b"{}"):
        parts = [head, parent, metadata, content]
        self.send(channel, [b"<IDS|MSG>", sign(self.key, parts)] + parts)

    def assert_alive(self, what):
        self.assertIsNone(self.kernel.km.provisioner.process.poll(), "the kernel died after " + what)
        reply = self.kernel.request(self.kernel.kc.kernel_info, timeout=60)
        self.assertEqual("backprop4j", reply["content"]["implementation"], what)
        for s in self.sockets.values():   # replies to the fuzzer, if any, are not looked at
            while s.poll(0):
                s.recv_multipart()

    def test_signed_messages_of_every_type_with_bad_content(self):
        for channel in ("shell", "control"):
            for msg_type in TYPES:
                for content in CONTENTS:
                    if msg_type == "shutdown_request" and content in (b"{}", b"null"):
                        continue   # a real shutdown request, which ends the kernel as it should
                    self.signed(channel, header(msg_type), content)
            self.assert_alive("bad content on " + channel)

    def test_malformed_envelopes(self):
        good = header("kernel_info_request")
        for channel in ("shell", "control"):
            for frames in ([b""], [b"<IDS|MSG>"], [b"<IDS|MSG>", b"sig"], [b"no delimiter"] * 6,
                           [b"<IDS|MSG>", b"", good, b"{}", b"{}", b"{}"],
                           [b"<IDS|MSG>", b"00" * 32, good, b"{}", b"{}", b"{}"],
                           [b"<IDS|MSG>", b"\xff" * 64, good, b"{}", b"{}", b"{}"],
                           [b"id1", b"id2", b"<IDS|MSG>"] + [b"{}"] * 5 + [b"extra buffer"] * 3,
                           [os.urandom(n) for n in (1, 7, 64, 1000)]):
                self.send(channel, frames)
            self.assert_alive("malformed envelopes on " + channel)

    def test_signed_headers_and_parents_of_the_wrong_shape(self):
        for head in (b"{", b"[]", b"null", b"{}", json.dumps({"msg_type": 5}).encode(),
                     header("execute_request", date="yesterday"), header("execute_request", msg_id=None),
                     header("execute_request", version=[5, 3])):
            self.signed("shell", head, json.dumps({"code": "1"}).encode())
        for parent in (b"[]", b"\"x\"", b"{", json.dumps({"msg_type": "x", "msg_id": 3}).encode()):
            self.signed("shell", header("kernel_info_request"), b"{}", parent=parent)
        for metadata in (b"[]", b"7", b"{"):
            self.signed("shell", header("kernel_info_request"), b"{}", metadata=metadata)
        self.assert_alive("bad headers")

    def test_huge_frames(self):
        huge = b"x" * (16 << 20)
        self.signed("shell", header("no_such_request"), json.dumps({"junk": huge.decode()}).encode())
        self.signed("shell", header("is_complete_request"), json.dumps({"code": "int a = " + "1+" * (2 << 20)})
                    .encode())
        self.send("shell", [b"<IDS|MSG>", b"sig", huge, b"{}", b"{}", b"{}"])
        self.signed("control", header("kernel_info_request"), b"{}", metadata=json.dumps({"m": huge.decode()})
                    .encode())
        self.assert_alive("16 MiB frames")

    def test_random_bytes_in_signed_frames(self):
        rng = random.Random(16)
        for _ in range(100):
            content = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
            self.signed(rng.choice(["shell", "control"]), header(rng.choice(TYPES)), content)
        self.assert_alive("random content")

    def test_the_real_client_still_runs_cells_afterwards(self):
        run = self.kernel.execute("int afterFuzz = 6 * 7; afterFuzz")
        self.assertEqual("42", run.result()["text/plain"])


if __name__ == "__main__":
    unittest.main()
