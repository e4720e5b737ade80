"""Messages must carry a valid HMAC-SHA256 signature; sockets bind only to the connection file's address."""
import ipaddress
import os
import re
import queue
import time
import unittest

from jupyter_client.blocking.client import BlockingKernelClient

from harness import Kernel, drain


class SecurityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel("kernel-security.log")
        cls.marker = os.path.join(os.environ["BACKPROP4J_TEST_WORK"], "forged-cell-ran")

    @classmethod
    def tearDownClass(cls):
        cls.kernel.shutdown()

    def client_with_key(self, key):
        info = self.kernel.km.get_connection_info()
        info["key"] = key
        client = BlockingKernelClient()
        client.load_connection_info(info)
        client.start_channels()
        return client

    def assert_dropped(self, key):
        forged = self.client_with_key(key)
        try:
            forged.kernel_info()
            forged.execute('Files.writeString(Path.of("%s"), "forged");' % self.marker)
            replies = drain(forged.get_shell_msg, 4)
            self.assertEqual([], replies, "a message signed with key %r got a reply" % key)
        finally:
            forged.stop_channels()
        self.assertFalse(os.path.exists(self.marker), "the forged execute_request ran")

    def test_wrong_key_gets_no_reply_and_runs_nothing(self):
        self.assert_dropped(b"not-the-key")

    def test_unsigned_message_gets_no_reply(self):
        self.assert_dropped(b"")

    def test_dropped_messages_are_logged_and_the_kernel_goes_on(self):
        self.assert_dropped(b"another-wrong-key")
        run = self.kernel.execute("40 + 2")
        self.assertEqual("42", run.result()["text/plain"], "the properly signed client still gets answers")
        deadline = time.monotonic() + 5
        while "dropped a message" not in self.kernel.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        log = self.kernel.log()
        self.assertIn("shell channel dropped a message: wrongly signed message kernel_info_request", log)
        self.assertIn("shell channel dropped a message: wrongly signed message execute_request", log)

    def test_sockets_listen_only_on_the_connection_file_address(self):
        info = self.kernel.km.get_connection_info()
        self.assertEqual("127.0.0.1", info["ip"])
        listening = listening_sockets(self.kernel.km.provisioner.process.pid)
        expected = {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
        self.assertEqual(expected, {port for _, port in listening}, listening)
        self.assertEqual({"127.0.0.1"}, {address for address, _ in listening}, listening)


class KernelSpecTest(unittest.TestCase):
    def test_installed_spec_runs_jdk25_with_the_aot_cache_and_the_kernel_uses_it(self):
        import json
        spec_dir = os.path.join(os.environ["JUPYTER_PATH"].split(os.pathsep)[0], "kernels", "backprop4j")
        with open(os.path.join(spec_dir, "kernel.json")) as f:
            spec = json.load(f)
        self.assertEqual("Java (backprop4j)", spec["display_name"])
        self.assertEqual("message", spec["interrupt_mode"])
        self.assertIn("-XX:AOTCache={resource_dir}/backprop4j.aot", spec["argv"])
        self.assertTrue(os.path.isfile(os.path.join(spec_dir, "backprop4j.aot")))
        self.assertEqual(["-jar", "{resource_dir}/backprop4j-kernel.jar", "{connection_file}"], spec["argv"][-3:])
        for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
            self.assertTrue(os.path.isfile(os.path.join(spec_dir, logo)), logo)
        kernel = Kernel("kernel-aot.log")
        try:
            self.assertEqual("ok", kernel.execute("1").status)
            log = kernel.log()
            self.assertIsNone(re.search(r"\[(error|warning)\]\[(aot|cds)", log),
                              "the JVM complained about its AOT cache:\n" + log)
        finally:
            kernel.shutdown()


def listening_sockets(pid):
    """(address, port) of the TCP sockets the process listens on, from /proc (no tools needed)."""
    inodes = set()
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table, v6 in (("/proc/%d/net/tcp" % pid, False), ("/proc/%d/net/tcp6" % pid, True)):
        if not os.path.exists(table):
            continue
        with open(table) as f:
            next(f)
            for line in f:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and inode in inodes:   # 0A: LISTEN
                    hex_ip, hex_port = local.split(":")
                    found.add((decode_ip(hex_ip, v6), int(hex_port, 16)))
    return found


def decode_ip(hex_ip, v6):
    """/proc's hex address (32-bit words in host order, little-endian here) as text; an IPv4-mapped IPv6
    address (::ffff:a.b.c.d, how a dual-stack socket holds an IPv4 bind) as its IPv4 address."""
    words = [bytes.fromhex(hex_ip[i:i + 8])[::-1] for i in range(0, len(hex_ip), 8)]
    raw = b"".join(words)
    if not v6:
        return ".".join(str(b) for b in raw)
    if raw[:12] == b"\0" * 10 + b"\xff\xff":
        return ".".join(str(b) for b in raw[12:])
    return str(ipaddress.IPv6Address(raw))


if __name__ == "__main__":
    unittest.main()
